package llmgw.api.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/completions}: the prompt travels as one user message, through the same pipeline. */
class TextCompletionsTest {

    @Test
    void promptReachesTheUpstreamAsAChatAndComesBackAsText() throws Exception {
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = TestGateway.withUpstream(up, "")) {
            var r = gw.post("/v1/completions", "dev-token", "application/json",
                    "{\"model\":\"up\",\"prompt\":\"Write a haiku about autumn\",\"max_tokens\":5,\"temperature\":0.2}", Map.of());
            assertEquals(200, r.status(), r.body());
            assertEquals("text_completion", r.json().path("object").asText());
            assertEquals("hi from upstream", r.json().path("choices").get(0).path("text").asText());
            assertEquals(10, r.json().path("usage").path("total_tokens").asInt());
            String sent = up.received().getLast().body();
            var json = llmgw.api.Json.MAPPER.readTree(sent);
            assertEquals("Write a haiku about autumn", json.path("messages").get(0).path("content").asText());
            assertEquals("user", json.path("messages").get(0).path("role").asText());
            assertEquals(0.2, json.path("temperature").asDouble());
            assertEquals(5, json.path("max_tokens").asInt());
            assertEquals("/v1/completions", gw.auditRows().getLast().endpoint());
        }
    }

    @Test
    void badInputAndTheGuardsAnswerInOpenAisShape() {
        try (TestGateway gw = TestGateway.dev()) {
            var missing = gw.post("/v1/completions", "dev-token", "application/json", "{\"model\":\"stub\"}", Map.of());
            assertEquals(400, missing.status());
            assertEquals("prompt", missing.json().path("error").path("param").asText());
            var echo = gw.post("/v1/completions", "dev-token", "application/json", "{\"model\":\"stub\",\"prompt\":\"x\",\"echo\":true}", Map.of());
            assertEquals("unsupported_parameter", echo.errorCode());
            var secret = gw.post("/v1/completions", "dev-token", "application/json",
                    "{\"model\":\"stub\",\"prompt\":\"key AKIAIOSFODNN7EXAMPLF here\"}", Map.of());
            assertEquals(400, secret.status());
            assertEquals("content_blocked", secret.errorCode());
        }
    }
}
