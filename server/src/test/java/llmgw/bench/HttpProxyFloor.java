package llmgw.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second floor beside {@link TcpRelay}: HAProxy in HTTP mode, a mature event-driven reverse proxy written in C. It
 * parses both HTTP exchanges, as the gateway must, and keeps its upstream connections alive, but does nothing else and
 * has no JIT, collector or virtual threads. What it adds to a call (H in the overhead benchmark) is what a lean HTTP
 * proxy costs on this machine: a gateway that also authenticates, scans, redacts and audits should not expect to add
 * less. Used only when {@code haproxy} is installed (Debian: {@code apt-get install haproxy}); the benchmark runs
 * without it.
 */
record HttpProxyFloor(Process process, int port) implements AutoCloseable {
    /** Tries for a free port: another process may take the one picked before HAProxy binds it. */
    private static final int ATTEMPTS = 3;

    /** The haproxy executable on the PATH (or in the sbin folders a non-root PATH leaves out), or null when there is none. */
    static Path find() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "haproxy");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** The first line of {@code haproxy -v}, for the benchmark's output. */
    static String version(Path haproxy) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(haproxy.toString(), "-v").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("haproxy (no version printed)").strip();
        }
    }

    /** Starts HAProxy in front of the upstream on 127.0.0.1, with the gateway's CPUs when those are pinned. */
    static HttpProxyFloor start(Path haproxy, int upstreamPort) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(haproxy, upstreamPort);
            } catch (IOException | IllegalStateException e) {
                if (attempt == ATTEMPTS) throw e;
            }
        }
    }

    private static HttpProxyFloor startOnce(Path haproxy, int upstreamPort) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Threads: one per core, and connections as the file descriptor limit allows: HAProxy's defaults. Keep-alive on
        // both sides and upstream connections shared between client connections, as a gateway's pool would; generous
        // timeouts, as the benchmark's calls are short.
        String text = String.join("\n",
                "defaults",
                "  mode http",
                "  option http-keep-alive",
                "  http-reuse always",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "frontend bench",
                "  bind 127.0.0.1:" + port,
                "  default_backend upstream",
                "backend upstream",
                "  server u 127.0.0.1:" + upstreamPort,
                "");
        Path config = Files.createTempFile("llmgw-bench-haproxy", ".cfg");
        HttpProxyFloor floor = null;
        try {
            Files.writeString(config, text);
            List<String> command = new ArrayList<>(OverheadBenchmark.onGatewayCpus());
            command.addAll(List.of(haproxy.toString(), "-db", "-f", config.toString()));
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            floor = new HttpProxyFloor(process, port);
            floor.awaitListening();
            return floor;
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (floor != null) {
                try {
                    floor.close();
                } catch (InterruptedException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        } finally {
            Files.deleteIfExists(config); // read at start-up; a listening HAProxy no longer needs it
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException("haproxy exited with " + process.exitValue() + " before it listened");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw new IOException("haproxy did not listen on port " + port + " within 10 s", e);
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
