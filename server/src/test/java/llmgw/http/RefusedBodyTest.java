package llmgw.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** A request refused before its body is read must not leave a dead connection behind for the client's next request. */
class RefusedBodyTest {
    @Test
    void afterARefusedBodyTheClientsNextRequestIsServed() {
        try (TestGateway gw = TestGateway.start("server: {max_body_bytes: 4000000}\n", Map.of())) {
            for (String text : new String[] {"x".repeat(2_000), "x".repeat(900_000), "x".repeat(1_500_000)}) {
                for (int i = 0; i < 2; i++) { // few: repeated bad tokens from one address are rate-limited
                    var refused = gw.chat("wrong-token", TestGateway.chatBody("stub", text));
                    assertEquals(401, refused.status());
                    var next = gw.chat("dev-token", TestGateway.chatBody("stub", "hi"));
                    assertEquals(200, next.status(), "the request after refusal " + i + " of a " + text.length() + "-character prompt");
                }
            }
        }
    }

    @Test
    void aBodyStillOnItsWayIsNotWaitedForAndTheConnectionIsClosed() throws Exception {
        try (TestGateway gw = TestGateway.start("", Map.of());
             Socket s = new Socket("127.0.0.1", java.net.URI.create(gw.url()).getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            // 1,000 bytes declared, 10 sent: the refusal must not wait for the other 990.
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(400), StandardCharsets.ISO_8859_1);
            assertEquals(true, head.startsWith("HTTP/1.1 401"), head);
            assertEquals(true, head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
        }
    }
}
