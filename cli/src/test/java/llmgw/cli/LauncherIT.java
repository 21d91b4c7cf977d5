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

    /** Packages a short command must not load: the server, the databases, telemetry. */
    static final List<String> HEAVY = List.of("org.eclipse.jetty.", "io.javalin.", "org.sqlite.", "io.opentelemetry.");

    /** The classes a run loaded, from its -Xlog:class+load file: "[0.012s][info][class,load] a.B source: ...". */
    static List<String> loadedClasses(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains("[class,load] "))
                .map(l -> l.substring(l.indexOf("[class,load] ") + 13)).toList();
    }

    static List<String> heavy(List<String> loaded) {
        return loaded.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList();
    }

    @Test
    void shortCommandsLoadNoServerDatabaseOrTelemetryClass(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("small.txt"), "Deploy notes.\nmail jane@example.com if it breaks\n");
        List<List<String>> commands = List.of(List.of("--version"), List.of("token", "mint", "--sub", "alice", "--tenant", "acme"),
                List.of("scan", text.toString()));
        for (int i = 0; i < commands.size(); i++) {
            List<String> command = commands.get(i);
            Path log = dir.resolve("classes-" + i + ".log");
            Result r = launch(Map.of("LLMGW_LIB", lib.toString(), "JWT_SECRET", "a-test-secret-that-is-at-least-32-bytes-long",
                    "LLMGW_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), command.toArray(String[]::new));
            assertEquals(command.getFirst().equals("scan") ? 1 : 0, r.exit(), command + ": " + r.err());
            assertEquals("", r.err(), command.toString());
            List<String> loaded = loadedClasses(log);
            assertTrue(loaded.stream().anyMatch(c -> c.startsWith("llmgw.cli.Llmgw ")), "the log lists the classes loaded");
            assertEquals(List.of(), heavy(loaded), command + " loaded classes it does not need");
        }
    }

    @Test
    void missingJarsAreOneLine(@TempDir Path empty) throws Exception {
        Result r = launch(Map.of("LLMGW_LIB", empty.toString()), "--version");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("llmgw: cannot find its jars"), r.err());
    }
}
