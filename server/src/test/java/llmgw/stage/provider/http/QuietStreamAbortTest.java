package llmgw.stage.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * An upstream that starts a stream and then goes quiet: when the gateway gives up on it (the read timeout),
 * the upstream connection is closed at once, not left open until Jetty's own idle timeout (5 s later).
 */
class QuietStreamAbortTest {

    @Test
    void aStreamTheGatewayGivesUpOnClosesItsUpstreamConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serveOneQuietStream(upstream, closed));
            try (TestGateway gw = TestGateway.start("""
                    providers:
                      up: {type: openai, base_url: "http://127.0.0.1:%d/v1", read_timeout: 1s}
                    models:
                      - {name: up, provider: up}
                    """.formatted(upstream.getLocalPort()), Map.of())) {
                var r = gw.post("/v1/chat/completions", "dev-token", "application/json",
                        "{\"model\":\"up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
                assertEquals(200, r.status());
                assertTrue(r.body().contains("upstream_timeout"), "the stream ends with the timeout: " + r.body());
                // Jetty's idle timeout would close it 5 s after the read timeout; the abort does it at once.
                assertTrue(closed.await(3, TimeUnit.SECONDS), "the gateway closed the quiet upstream connection");
            }
        }
    }

    /** Answers one request with the head of a stream and one chunk, then waits for the gateway to hang up. */
    private static void serveOneQuietStream(ServerSocket server, CountDownLatch closed) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) head.write(in.read());
            String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase();
            int length = Integer.parseInt(headers.replaceAll("(?s).*content-length: *(\\d+).*", "$1"));
            in.readNBytes(length);
            String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (in.read() != -1) {
                // nothing more is expected from the gateway; wait for it to close the connection
            }
            closed.countDown();
        } catch (Exception e) {
            closed.countDown(); // a reset is a close too
        }
    }
}
