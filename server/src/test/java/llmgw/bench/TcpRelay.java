package llmgw.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A floor for a proxy in a process of its own: a TCP relay that passes bytes between a client's connection and a
 * connection of its own to the upstream, one blocking platform thread per direction, with no parsing and no
 * allocation per request. It runs in a JVM of its own, as the gateway does, so that what it adds to a call (R in
 * the overhead benchmark) is what one more hop through a user-space process costs on this machine: a thread
 * woken on each side, and a read and a write each way. A gateway built that way, which must also speak HTTP,
 * has this much to pay before it does anything.
 */
final class TcpRelay {
    private TcpRelay() {}

    /** Argument: the upstream's port on 127.0.0.1. Prints the relay's own port, then relays until killed. */
    public static void main(String[] args) throws IOException {
        int upstreamPort = Integer.parseInt(args[0]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1024, loopback)) {
            System.out.println(server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket client = null;
                Socket upstream = null;
                try {
                    client = server.accept();
                    upstream = new Socket(loopback, upstreamPort);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    Socket c = client, u = upstream;
                    Thread.ofPlatform().daemon().start(() -> pipe(c, u));
                    Thread.ofPlatform().daemon().start(() -> pipe(u, c));
                } catch (IOException | OutOfMemoryError e) {
                    // No upstream connection, or no thread or memory for it: this connection fails, the relay goes on.
                    closeQuietly(client);
                    closeQuietly(upstream);
                }
            }
        }
    }

    /** Copies until either side closes, then closes both, which ends the other direction's thread too. */
    private static void pipe(Socket from, Socket to) {
        try (from; to) {
            byte[] buffer = new byte[8 * 1024]; // the benchmark's requests and answers are 1 to 2 KB
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        } catch (IOException | OutOfMemoryError e) {
            // one side went away, or no memory for the buffer: closing both is all there is to do
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * A floor in a JVM of its own, started with the benchmark's own class path: a class whose {@code main} takes the
     * upstream's port, prints its own and serves until killed (this relay, or a {@link JavaProxyFloor}).
     */
    static final class RelayProcess implements AutoCloseable {
        private final Process process;
        private final int port;

        private RelayProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static RelayProcess start(int upstreamPort) throws IOException {
            // The relay keeps two threads and two 8 KB buffers per connection; an open-loop client facing a stall can open
            // thousands of connections, and 256 MB holds them.
            return start(TcpRelay.class, List.of("-XX:+UseG1GC", "-Xmx256m"), Map.of(), upstreamPort);
        }

        /**
         * Starts {@code main} with these JVM options and environment, and waits for the port it prints. Lines before it
         * (a JVM option that prints, say) are skipped; what it prints after is read and dropped, so that it never blocks
         * on a full pipe.
         */
        static RelayProcess start(Class<?> main, List<String> jvmOptions, Map<String, String> env, int upstreamPort) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(OverheadBenchmark.onGatewayCpus());
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), Integer.toString(upstreamPort)));
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            Process process = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
                String line;
                while ((line = out.readLine()) != null && !line.strip().matches("\\d+")) {
                    // not the port yet
                }
                if (line == null) throw new IllegalStateException(main.getSimpleName() + " exited before it listened");
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                return new RelayProcess(process, Integer.parseInt(line.strip()));
            } catch (RuntimeException | IOException e) {
                process.destroyForcibly();
                throw e;
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
}
