package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/llmgw with a runtime dir and AOT caches, laid out as install.sh lays them out. The runtime's bin/java is a
 * wrapper that notes its arguments and runs the JDK running the tests, so the cache is a real one.
 */
class LauncherRuntimeIT {
    static final Path LAUNCHER = Path.of("src/main/sh/llmgw").toAbsolutePath();
    @TempDir static Path lib;
    @TempDir static Path work;
    static Path cache;
    static Path scanCache;
    static Path calls;

    @BeforeAll
    static void layOutAndTrain() throws Exception {
        Files.copy(Path.of("target/llmgw-cli.jar"), lib.resolve("llmgw-cli.jar"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target/lib"), "*.jar")) {
            for (Path jar : jars) Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        Files.copy(Path.of("src/main/sh/find-java"), lib.resolve("find-java"));
        lib.resolve("find-java").toFile().setExecutable(true);
        calls = work.resolve("calls.txt"); // not in lib: a file added there would make the caches stale
        Path java = Files.createDirectories(lib.resolve("runtime/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Files.createDirectories(lib.resolve("aot"));
        cache = lib.resolve("aot/llmgw.aot");
        scanCache = lib.resolve("aot/scan.aot");
        for (Path file : List.of(cache, scanCache)) {
            String name = file.getFileName().toString().replace(".aot", "");
            Result training = launch(Map.of("LLMGW_TRAIN_AOT", file.toString()), name);
            assertEquals(0, training.exit(), training.out() + training.err());
            assertTrue(Files.size(file) > 0, "the training run wrote " + file);
        }
        for (Path file : List.of(cache, scanCache)) Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // as install.sh does
    }

    record Result(int exit, String out, String err) {}

    static Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JWT_SECRET");
        pb.environment().remove("LLMGW_JAVA_OPTS");
        // Were the launcher to look for a JDK instead of using the runtime, it would find none.
        pb.environment().put("JAVA_HOME", "/nonexistent");
        pb.environment().put("LLMGW_JVM_DIR", "/nonexistent");
        pb.environment().put("LLMGW_LIB", lib.toString());
        pb.environment().putAll(env);
        Files.deleteIfExists(calls);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    /** The arguments bin/llmgw gave the runtime's java. */
    static List<String> javaArgs() throws Exception {
        return Arrays.asList(Files.readString(calls).strip().split(" "));
    }

    /** {@code --version} with the classes it loaded noted; asserts that it printed its two lines and nothing else. */
    static List<String> versionLoading(Path dir, String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        Result r = launch(Map.of("LLMGW_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");
        assertEquals(0, r.exit(), name + ": " + r.err());
        assertEquals("", r.err(), name + ": nothing on stderr");
        assertEquals(2, r.out().lines().count(), name + ": " + r.out());
        assertTrue(r.out().startsWith("llmgw 0.") && r.out().lines().toList().get(1).startsWith("Java "), name + ": " + r.out());
        return LauncherIT.loadedClasses(log);
    }

    static boolean fromCache(List<String> loaded, String className) {
        return loaded.stream().anyMatch(c -> c.startsWith(className + " source: shared objects file"));
    }

    @Test
    void startsOnTheRuntimeWithTheCache(@TempDir Path dir) throws Exception {
        List<String> loaded = versionLoading(dir, "version");
        assertTrue(javaArgs().contains("-XX:AOTCache=" + cache), javaArgs().toString());
        assertTrue(javaArgs().contains("-XX:+UseSerialGC"), "short commands keep the cheap start-up settings");
        assertTrue(fromCache(loaded, "llmgw.cli.Llmgw"), "the JVM used the cache");
        assertEquals(List.of(), LauncherIT.heavy(loaded), "the cache holds no server, database or telemetry class");

        // scan runs with another collector and the full JIT; the same cache serves it.
        Path text = Files.writeString(dir.resolve("small.txt"), "mail jane@example.com if it breaks\n");
        Path log = dir.resolve("scan.log");
        Result scan = launch(Map.of("LLMGW_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "scan", text.toString());
        assertEquals(1, scan.exit(), scan.err());
        assertEquals("", scan.err());
        assertTrue(scan.out().contains("pii.email"), scan.out());
        assertTrue(javaArgs().contains("-XX:+UseParallelGC"), javaArgs().toString());
        assertTrue(javaArgs().contains("-XX:AOTCache=" + scanCache), "scan has a cache of its own: " + javaArgs());
        List<String> scanLoaded = LauncherIT.loadedClasses(log);
        assertTrue(fromCache(scanLoaded, "llmgw.cli.scan.ScanCommand"), "the JVM used it");
        assertEquals(List.of(), LauncherIT.heavy(scanLoaded));

        // serve runs for hours, with the full JIT and G1, and without a cache.
        Result serve = launch(Map.of(), "serve", "--help");
        assertEquals(0, serve.exit(), serve.err());
        assertTrue(javaArgs().contains("-XX:+UseG1GC"), javaArgs().toString());
        assertTrue(javaArgs().contains("-XX:-G1UseAdaptiveIHOP"), javaArgs().toString());
        assertTrue(javaArgs().contains("-XX:+UseCompactObjectHeaders"), javaArgs().toString());
        assertTrue(javaArgs().stream().noneMatch(a -> a.startsWith("-XX:AOTCache")), javaArgs().toString());
    }

    @Test
    void aDamagedStaleOrMissingCacheOnlyCostsSpeed(@TempDir Path dir) throws Exception {
        byte[] good = Files.readAllBytes(cache);
        Path jar = lib.resolve("llmgw-cli.jar");
        FileTime built = Files.getLastModifiedTime(jar);
        try {
            Files.write(cache, "not an AOT cache".repeat(1000).getBytes(StandardCharsets.UTF_8));
            assertFalse(fromCache(versionLoading(dir, "corrupt"), "llmgw.cli.Llmgw"));

            Files.write(cache, Arrays.copyOf(good, good.length / 2));
            assertFalse(fromCache(versionLoading(dir, "truncated"), "llmgw.cli.Llmgw"));

            Files.write(cache, new byte[0]);
            assertFalse(fromCache(versionLoading(dir, "empty"), "llmgw.cli.Llmgw"));

            // A jar replaced after training: JDK 25 would still run the cached classes (JDK-8377932), so the launcher
            // leaves a cache older than any jar, or than lib itself (a jar added or removed), out.
            Files.write(cache, good);
            Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            assertFalse(fromCache(versionLoading(dir, "stale-jar"), "llmgw.cli.Llmgw"));
            assertTrue(javaArgs().stream().noneMatch(a -> a.startsWith("-XX:AOTCache")), javaArgs().toString());
            Files.setLastModifiedTime(jar, built);
            Files.delete(Files.createFile(lib.resolve("added-and-removed")));
            Files.setLastModifiedTime(lib, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            assertFalse(fromCache(versionLoading(dir, "stale-dir"), "llmgw.cli.Llmgw"));
            Files.setLastModifiedTime(lib, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

            Files.delete(cache);
            assertFalse(fromCache(versionLoading(dir, "missing"), "llmgw.cli.Llmgw"));
            assertTrue(javaArgs().stream().noneMatch(a -> a.startsWith("-XX:AOTCache")), javaArgs().toString());

            // LLMGW_JAVA_OPTS is still honoured and comes after the launcher's own options.
            Map<String, String> env = new HashMap<>(Map.of("LLMGW_JAVA_OPTS", "-Dllmgw.test=1"));
            assertEquals(0, launch(env, "--version").exit());
            assertEquals("-Dllmgw.test=1", javaArgs().get(javaArgs().indexOf("-cp") - 1));
        } finally {
            Files.write(cache, good);
            Files.setLastModifiedTime(jar, built);
            Files.setLastModifiedTime(lib, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        }
        assertTrue(fromCache(versionLoading(dir, "restored"), "llmgw.cli.Llmgw"), "the restored cache is used again");
    }
}
