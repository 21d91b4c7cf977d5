package llmgw.stage.policy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import llmgw.store.AtomicFiles;

/**
 * Every policy text that has been in force, numbered from 1, one file each in
 * {@code <data_dir>/policy-versions/}: the record of which rules decided when. The audit row's
 * {@code local:N} names a file here.
 */
final class PolicyVersions {
    private final Path dir;

    PolicyVersions(Path dir) {
        this.dir = dir;
    }

    /** A stored version. */
    record Version(int number, String text) {}

    Optional<Version> latest() throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        int newest = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) newest = Math.max(newest, number(f));
        }
        return newest == 0 ? Optional.empty() : Optional.of(new Version(newest, Files.readString(file(newest))));
    }

    /** The number of this text: the latest one's when unchanged, else the next, stored. */
    Version record(String text) throws IOException {
        Optional<Version> latest = latest();
        if (latest.isPresent() && latest.get().text().equals(text)) return latest.get();
        int next = latest.map(v -> v.number() + 1).orElse(1);
        Files.createDirectories(dir);
        AtomicFiles.write(file(next), text);
        return new Version(next, text);
    }

    private Path file(int n) {
        return dir.resolve("%06d.yaml".formatted(n));
    }

    private static int number(Path f) {
        String name = f.getFileName().toString();
        if (!name.matches("\\d{6}\\.yaml")) return 0;
        return Integer.parseInt(name.substring(0, 6));
    }
}
