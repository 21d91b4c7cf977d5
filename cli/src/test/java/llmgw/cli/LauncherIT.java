package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jars started by bin/llmgw, laid out as install.sh lays them out. */
class LauncherIT {
    static final Path LAUNCHER = Path.of("src/main/sh/llmgw").toAbsolutePath();
    @TempDir static Path lib;

    @BeforeAll
    static void layOut() throws Exception {
        Files.copy(Path.of("target/llmgw-cli.jar"), lib.resolve("llmgw-cli.jar"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target/lib"), "*.jar")) {
            for (Path jar : jars) Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        Files.copy(Path.of("src/main/sh/find-java"), lib.resolve("find-java"));
        lib.resolve("find-java").toFile().setExecutable(true);
    }

    record Result(int exit, String out, String err) {}

    static Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JWT_SECRET");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    @Test
    void versionRunsFromTheInstalledLayout() throws Exception {
        Result r = launch(Map.of("LLMGW_LIB", lib.toString()), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("llmgw 0."), r.out());
        assertEquals("", r.err(), "no JVM warnings on a plain command");
    }

    @Test
    void commandsWorkThroughTheLauncher() throws Exception {
        Result r = launch(Map.of("LLMGW_LIB", lib.toString()), "config", "validate", "../config-samples/gateway.dev.yaml");
        assertEquals(0, r.exit(), r.err());
        Result bad = launch(Map.of("LLMGW_LIB", lib.toString()), "audit", "tail", "--data-dir", lib.resolve("none").toString());
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }

    @Test
    void missingJarsAreOneLine(@TempDir Path empty) throws Exception {
        Result r = launch(Map.of("LLMGW_LIB", empty.toString()), "--version");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("llmgw: cannot find its jars"), r.err());
    }
}
