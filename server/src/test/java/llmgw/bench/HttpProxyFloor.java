package llmgw.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second floor beside {@link TcpRelay}: HAProxy in HTTP mode, a mature event-driven reverse proxy written in C. It
 * parses both HTTP exchanges, as the gateway must, and keeps its upstream connections alive, but does nothing else and
 * has no JIT, collector or virtual threads. What it adds to a call (H in the overhead benchmark) is what a lean HTTP
 * proxy costs on this machine; a goal below it cannot be met here by any proxy. Used only when {@code haproxy} is on
 * the PATH (Debian: {@code apt-get install haproxy}); the benchmark runs without it.
 */
record HttpProxyFloor(Process process, Path config, int port) implements AutoCloseable {

    /** The haproxy executable on the PATH, or null when there is none. */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "haproxy");
            if (Files.isExecutable(candidate)) return candidate;
        }
        for (String dir : List.of("/usr/sbin", "/usr/local/sbin")) { // not on a non-root PATH on Debian
            Path candidate = Path.of(dir, "haproxy");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** Starts HAProxy in front of the upstream on 127.0.0.1, with the gateway's CPUs when those are pinned. */
    static HttpProxyFloor start(Path haproxy, int upstreamPort) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Threads: one per core, HAProxy's default. Keep-alive on both sides and upstream connections shared between
        // client connections, as a gateway's connection pool would; generous timeouts, as the benchmark's calls are short.
        String text = String.join("\n",
                "global",
                "  maxconn 8192",
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
        Files.writeString(config, text);
        List<String> command = new ArrayList<>(OverheadBenchmark.onGatewayCpus());
        command.addAll(List.of(haproxy.toString(), "-db", "-f", config.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        HttpProxyFloor floor = new HttpProxyFloor(process, config, port);
        try {
            floor.awaitListening();
            return floor;
        } catch (IOException | RuntimeException | InterruptedException e) {
            floor.close();
            throw e;
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
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        Files.deleteIfExists(config);
    }
}
