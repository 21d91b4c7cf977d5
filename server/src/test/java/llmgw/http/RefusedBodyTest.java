package llmgw.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** A request refused before its body is read must not leave a dead connection behind for the client's next request. */
class RefusedBodyTest {
    @Test
    void aRefusedRequestsBodyIsDroppedAndTheConnectionStaysUsable() {
        try (TestGateway gw = TestGateway.start("server: {max_body_bytes: 4000000}\n", Map.of())) {
            String big = TestGateway.chatBody("stub", "x".repeat(900_000));
            for (int i = 0; i < 10; i++) {
                var refused = gw.chat("wrong-token", big);
                assertEquals(401, refused.status());
                assertNull(refused.header("Connection"), "a body under 1 MiB is read and dropped; the connection is kept");
                var next = gw.chat("dev-token", TestGateway.chatBody("stub", "hi"));
                assertEquals(200, next.status(), "the request after refusal " + i);
            }
        }
    }

    @Test
    void aLargerRefusedBodyEndsTheConnectionAndSaysSo() {
        try (TestGateway gw = TestGateway.start("server: {max_body_bytes: 4000000}\n", Map.of())) {
            var refused = gw.chat("wrong-token", TestGateway.chatBody("stub", "x".repeat(1_500_000)));
            assertEquals(401, refused.status());
            assertEquals("close", refused.header("Connection"));
            assertEquals(200, gw.chat("dev-token", TestGateway.chatBody("stub", "hi")).status(), "the client opened a new connection");
        }
    }
}
