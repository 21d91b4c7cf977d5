package llmgw.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
    void aSmallBodyThatHasArrivedIsDroppedAndTheConnectionServesTheNextRequest() throws Exception {
        try (TestGateway gw = TestGateway.start("", Map.of()); Socket s = socket(gw)) {
            String body = TestGateway.chatBody("stub", "hi");
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // Refused by auth, by routing (unknown path) and by method: each with its whole body sent at once.
            for (String head : new String[] {"POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer wrong\r\n",
                    "POST /v1/nothing-here HTTP/1.1\r\nAuthorization: Bearer dev-token\r\n",
                    "PUT /api/chat HTTP/1.1\r\nAuthorization: Bearer dev-token\r\n"}) {
                out.write(request(head, body));
                out.flush();
                assertKeptForTheNextRequest(readAnswer(in), out, in);
            }
        }
    }

    @Test
    void aBodyStillArrivingIsReadToItsEndAndTheConnectionServesTheNextRequest() throws Exception {
        try (TestGateway gw = TestGateway.start("", Map.of()); Socket s = socket(gw)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String body = TestGateway.chatBody("stub", "x".repeat(200_000));
            byte[] request = request("POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer wrong\r\n", body);
            int half = request.length / 2;
            out.write(request, 0, half); // the head and half the body, the rest 300 ms later
            out.flush();
            Thread.sleep(300);
            out.write(request, half, request.length - half);
            out.flush();
            String refused = readAnswer(in);
            assertTrue(refused.startsWith("HTTP/1.1 401"), refused);
            assertKeptForTheNextRequest(refused, out, in);
        }
    }

    @Test
    void aBodyThatStopsComingIsWaitedForBrieflyThenTheConnectionIsClosed() throws Exception {
        try (TestGateway gw = TestGateway.start("", Map.of()); Socket s = socket(gw)) {
            OutputStream out = s.getOutputStream();
            // 1,000 bytes declared, 10 sent: the refusal waits at most DROP_TIME for the other 990 (the socket's 5 s bound it).
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 401"), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("connection: close"), head);
        }
    }

    /** The refusal kept its connection, and the client's next request on it is served. */
    private static void assertKeptForTheNextRequest(String refused, OutputStream out, InputStream in) throws IOException {
        assertFalse(refused.toLowerCase(Locale.ROOT).contains("connection: close"), refused);
        out.write(request("POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer dev-token\r\n", TestGateway.chatBody("stub", "hi")));
        out.flush();
        String next = readAnswer(in);
        assertTrue(next.startsWith("HTTP/1.1 200"), "the same connection serves the next request: " + next);
    }

    private static Socket socket(TestGateway gw) throws IOException {
        Socket s = new Socket("127.0.0.1", java.net.URI.create(gw.url()).getPort());
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] request(String head, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (head + "Host: x\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The status line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A whole answer with a Content-Length (every answer here has one): head, then exactly its body. */
    private static String readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
