package llmgw.cli.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a scan covers: named files as they are, directories walked, skipping binary files,
 * version-control folders and whatever a {@code .llmgwignore} in a scanned directory lists
 * (gitignore-style globs: {@code *.log}, {@code build/}, {@code docs/**}, {@code #} comments).
 */
final class ScanInputs {
    static final String IGNORE_FILE = ".llmgwignore";
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private ScanInputs() {}

    /** An ignore pattern, anchored at the directory whose ignore file listed it. */
    private record Ignore(Path base, PathMatcher matcher, boolean dirOnly) {
        boolean matches(Path path, boolean dir) {
            if (dirOnly && !dir) return false;
            if (!path.startsWith(base)) return false;
            Path rel = base.relativize(path);
            return matcher.matches(rel) || matcher.matches(rel.getFileName());
        }
    }

    static List<Path> expand(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) throw new IOException(root + ": no such file or directory");
            if (Files.isDirectory(root)) walk(root, files);
            else files.add(root);
        }
        return files;
    }

    private static void walk(Path root, List<Path> files) throws IOException {
        List<Ignore> ignores = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (name.equals(".git") || name.equals(".hg") || name.equals(".svn") || ignored(dir, true))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path ignoreFile = dir.resolve(IGNORE_FILE);
                if (Files.isRegularFile(ignoreFile)) ignores.addAll(read(dir, ignoreFile));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !file.getFileName().toString().equals(IGNORE_FILE) && !ignored(file, false)
                        && attrs.size() <= MAX_FILE_BYTES && !isBinary(file)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable entries are skipped, like a linter does
            }

            private boolean ignored(Path p, boolean dir) {
                for (Ignore i : ignores) if (i.matches(p, dir)) return true;
                return false;
            }
        });
        files.sort(null);
    }

    private static List<Ignore> read(Path base, Path file) throws IOException {
        List<Ignore> out = new ArrayList<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean dirOnly = line.endsWith("/");
            String glob = line.replaceAll("^/|/$", "");
            out.add(new Ignore(base, FileSystems.getDefault().getPathMatcher("glob:" + glob), dirOnly));
        }
        return out;
    }

    /** A NUL byte in the first 8 KiB: what git and grep take as binary. */
    static boolean isBinary(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) if (b == 0) return true;
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
