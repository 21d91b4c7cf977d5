package llmgw.stage.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** A whole answer larger than the gateway reads is refused with its own error, not a generic failure. */
class UpstreamAnswerLimitTest {

    @Test
    void anAnswerOverTheLimitIs502AnswerTooLarge() throws Exception {
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = TestGateway.withUpstream(up, "")) {
            up.behave((ex, body) -> {
                byte[] chunk = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (int i = 0; i <= UpstreamClient.MAX_ANSWER_BYTES / chunk.length; i++) out.write(chunk);
                } catch (java.io.IOException e) {
                    // the gateway hung up once it had read enough
                }
            });
            var r = gw.chat("dev-token", TestGateway.chatBody("up", "a big answer please"));
            assertEquals(502, r.status(), r.body());
            assertEquals("upstream_answer_too_large", r.errorCode());
            assertTrue(r.body().contains("32 MB"), r.body());
        }
    }
}
