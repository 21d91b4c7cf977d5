package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JDK search (cli/src/main/sh/find-java), run as the shell script it is. */
class FindJavaTest {
    static final Path SCRIPT = Path.of("src/main/sh/find-java").toAbsolutePath();

    record Result(int exit, String out, String err) {}

    static Result run(Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = SCRIPT.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(p.waitFor(), out, err);
    }

    /** A fake Java home: a release file with the version and executable stubs. */
    static Path fakeHome(Path root, String name, String version, boolean javac) throws Exception {
        Path home = root.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        for (String tool : javac ? new String[] {"java", "javac"} : new String[] {"java"}) {
            Path f = home.resolve("bin").resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    @Test
    void javaHomeWinsWhenItIsRecentEnough() throws Exception {
        String home = System.getProperty("java.home");
        Result r = run(Map.of("JAVA_HOME", home, "PATH", "/usr/bin:/bin", "LLMGW_JVM_DIR", "/nonexistent"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(home, r.out());
    }

    @Test
    void searchesTheJvmDirectoryForTheNewestSuitableOne(@TempDir Path jvms) throws Exception {
        fakeHome(jvms, "java-17", "17.0.15", true);
        Path jdk25 = fakeHome(jvms, "jdk-25", "25.0.1", true);
        Path jre26 = fakeHome(jvms, "jre-26", "26", false);
        Path old = fakeHome(jvms.resolve("x"), "old", "17.0.2", true);
        Map<String, String> env = Map.of("JAVA_HOME", old.toString(), "PATH", "/bin", "LLMGW_JVM_DIR", jvms.toString());
        assertEquals(jre26.toString(), run(env).out(), "a runtime is enough to run llmgw");
        assertEquals(jdk25.toString(), run(env, "--jdk").out(), "building needs javac");
    }

    @Test
    void failsWithOneLineNamingWhatItNeeds(@TempDir Path dir) throws Exception {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeHome(jvms, "java-17", "17.0.15", true);
        Path onPath = fakeHome(dir, "path-java", "17.0.15", true);
        Result r = run(Map.of("PATH", onPath.resolve("bin") + ":/bin:/usr/bin", "LLMGW_JVM_DIR", jvms.toString()), "--jdk");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("llmgw: needs a JDK 25+"), r.err());
    }
}
