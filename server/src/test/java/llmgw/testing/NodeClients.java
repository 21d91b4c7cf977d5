package llmgw.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs real client libraries written for Node against the gateway. Each client is a small project
 * under {@code src/test/node/<name>} (a {@code package.json} pinning the library, its committed
 * {@code package-lock.json} and a {@code client.mjs}); it is installed with {@code npm ci} into
 * {@code target/node-clients/<name>} on first use and again only when its lock file changes.
 * Without {@code node} and {@code npm} on the PATH the calling test fails: a skipped client test
 * would look like a passing one.
 */
public final class NodeClients {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Path BASE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    private NodeClients() {}

    /** Runs {@code node client.mjs} of the named client with the extra environment; returns its standard output. */
    public static String run(String name, Map<String, String> env, Duration timeout) {
        Path dir = install(name);
        try {
            Files.copy(BASE.resolve("src/test/node").resolve(name).resolve("client.mjs"), dir.resolve("client.mjs"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + name + "/client.mjs: " + e.getMessage(), e);
        }
        return exec(dir, env, timeout, "node", "client.mjs");
    }

    /** Installs the client's locked dependencies unless the same lock is installed already. */
    private static synchronized Path install(String name) {
        requireTool("node");
        requireTool("npm");
        Path source = BASE.resolve("src/test/node").resolve(name);
        Path target = BASE.resolve("target/node-clients").resolve(name);
        // Written after a successful install only, so a broken one is retried rather than trusted.
        Path installed = target.resolve(".installed-lock.json");
        byte[] lock;
        try {
            lock = Files.readAllBytes(source.resolve("package-lock.json"));
            if (Files.isDirectory(target.resolve("node_modules")) && Files.exists(installed) && Arrays.equals(lock, Files.readAllBytes(installed))) {
                return target;
            }
            Files.createDirectories(target);
            Files.deleteIfExists(installed);
            Files.copy(source.resolve("package.json"), target.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.write(target.resolve("package-lock.json"), lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + target + ": " + e.getMessage(), e);
        }
        exec(target, Map.of(), INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
        try {
            Files.write(installed, lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + installed + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static void requireTool(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return;
        } catch (IOException e) {
            // not on the PATH: reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("'" + tool + "' is not on the PATH (or does not run): the Node client tests need Node.js 18 or later "
                + "with npm, e.g. from https://nodejs.org or the system's package manager");
    }

    /** Runs a command in a directory; fails with its output when it fails or overruns. */
    private static String exec(Path dir, Map<String, String> env, Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile(dir, "stdout", ".txt");
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " in " + dir + " ran over " + timeout.toSeconds() + "s; stderr:\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " in " + dir + " exited with " + p.exitValue() + "; stderr:\n"
                            + Files.readString(err, StandardCharsets.UTF_8) + "\nstdout:\n" + Files.readString(out, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + " in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
