package llmgw.http;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthAndRoutingTest {
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.dev();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void healthzAnswersWithoutAuth() {
        Reply r = gw.get("/healthz", null);
        assertEquals(200, r.status());
        assertEquals("ok", r.json().path("status").asText());
    }

    @Test
    void readyzReportsModeAndChecks() {
        Reply r = gw.get("/readyz", null);
        assertEquals(200, r.status());
        assertTrue(r.json().path("ready").asBoolean());
        assertEquals("LOCAL", r.json().path("mode").asText());
        assertEquals("ok", r.json().path("checks").path("audit").asText());
        assertTrue(r.json().path("dev").asBoolean());
    }

    @Test
    void readyzIs503WhenTheAuditLogCannotBeWritten() {
        TestGateway broken = TestGateway.dev();
        try {
            broken.gateway().auditWriter().close(); // the writer is gone: nothing could be audited
            Reply r = broken.get("/readyz", null);
            assertEquals(503, r.status());
            assertFalse(r.json().path("ready").asBoolean());
            assertEquals("failing", r.json().path("checks").path("audit").asText());
            assertEquals(200, broken.get("/healthz", null).status(), "alive, just not ready");
        } finally {
            broken.close();
        }
    }

    @Test
    void everyResponseCarriesARequestId() {
        assertTrue(gw.get("/healthz", null).header("X-Request-Id").startsWith("req_"));
        assertTrue(gw.get("/nope", null).header("X-Request-Id").startsWith("req_"));
        assertTrue(gw.chat(null, "{}").header("X-Request-Id").startsWith("req_"));
    }

    @Test
    void aSaneRequestIdIsKeptAndAnInsaneOneReplaced() {
        Reply kept = gw.post("/v1/chat/completions", "dev-token", "application/json",
                TestGateway.chatBody("stub", "hi"), Map.of("X-Request-Id", "trace-42.abc:7"));
        assertEquals("trace-42.abc:7", kept.header("X-Request-Id"));
        Reply replaced = gw.post("/v1/chat/completions", "dev-token", "application/json",
                TestGateway.chatBody("stub", "hi"), Map.of("X-Request-Id", "bad id with spaces <script>"));
        assertTrue(replaced.header("X-Request-Id").startsWith("req_"));
        assertTrue(gw.auditRows().stream().anyMatch(row -> row.requestId().equals("trace-42.abc:7")));
    }

    @Test
    void unknownEndpointsAnswerInOpenAiErrorForm() {
        Reply r = gw.get("/v1/nothing-here", "dev-token");
        assertEquals(404, r.status());
        assertEquals("invalid_request_error", r.json().path("error").path("type").asText());
        assertTrue(r.json().path("error").path("message").asText().contains("/v1/nothing-here"));
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerInTheShapeOfTheirApi() {
        Reply ollama = gw.post("/api/nothing-here", "dev-token", "application/json", "{}", Map.of());
        assertEquals(404, ollama.status());
        assertTrue(ollama.json().path("error").asText().contains("/api/nothing-here"), ollama.body());
        Reply ollamaMethod = gw.get("/api/chat", "dev-token");
        assertEquals(405, ollamaMethod.status());
        assertTrue(ollamaMethod.json().path("error").isTextual(), ollamaMethod.body());
        Reply anthropic = gw.get("/v1/messages", "dev-token");
        assertEquals(405, anthropic.status());
        assertEquals("error", anthropic.json().path("type").asText(), anthropic.body());
        assertEquals("invalid_request_error", anthropic.json().path("error").path("type").asText());
        assertEquals("method_not_allowed", anthropic.json().path("error").path("code").asText());
        Reply openai = gw.get("/v1/chat/completions", "dev-token");
        assertEquals(405, openai.status());
        assertEquals("method_not_allowed", openai.json().path("error").path("code").asText(), openai.body());
    }

    @Test
    void modelsListsWhatTheCallerMayUse() {
        Reply r = gw.get("/v1/models", "dev-token");
        assertEquals(200, r.status());
        assertEquals("list", r.json().path("object").asText());
        assertEquals("stub", r.json().path("data").get(0).path("id").asText());
        assertEquals(401, gw.get("/v1/models", null).status());
    }
}
