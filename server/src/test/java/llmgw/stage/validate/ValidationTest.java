package llmgw.stage.validate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                server:
                  max_body_bytes: 4096
                limits:
                  max_messages: 3
                  max_message_chars: 100
                  max_tokens: 50
                rate_limit:
                  requests_per_minute: 60000
                  burst: 10000
                """, Map.of());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static Reply chat(String body) {
        return gw.chat("dev-token", body);
    }

    @Test
    void wrongContentTypeIs415() {
        Reply r = gw.post("/v1/chat/completions", "dev-token", "text/plain", TestGateway.chatBody("stub", "hi"), Map.of());
        assertEquals(415, r.status());
        assertEquals("unsupported_media_type", r.errorCode());
        assertEquals(200, gw.post("/v1/chat/completions", "dev-token", "application/json; charset=utf-8",
                TestGateway.chatBody("stub", "hi"), Map.of()).status());
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        Reply r = chat("{\"model\":\"stub\",\n\"messages\": [}");
        assertEquals(400, r.status());
        assertEquals("invalid_json", r.errorCode());
        assertTrue(r.json().path("error").path("message").asText().contains("line 2"), r.body());
        assertFalse(r.body().contains("Source:"));
    }

    @Test
    void duplicateKeysAreRefused() {
        assertEquals(400, chat("{\"model\":\"stub\",\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").status());
    }

    @Test
    void bodyOverTheCapIs413NamingIt() {
        Reply r = chat(TestGateway.chatBody("stub", "x".repeat(5000)));
        assertEquals(413, r.status());
        assertTrue(r.json().path("error").path("message").asText().contains("server.max_body_bytes"));
    }

    @Test
    void tooManyMessagesIs400NamingTheCap() {
        String m = "{\"role\":\"user\",\"content\":\"x\"}";
        Reply r = chat("{\"model\":\"stub\",\"messages\":[" + m + "," + m + "," + m + "," + m + "]}");
        assertEquals(400, r.status());
        assertEquals("too_many_messages", r.errorCode());
        assertTrue(r.body().contains("limits.max_messages"));
    }

    @Test
    void tooLongMessageIs400NamingTheCap() {
        Reply r = chat(TestGateway.chatBody("stub", "y".repeat(101)));
        assertEquals(400, r.status());
        assertEquals("message_too_long", r.errorCode());
        assertEquals("messages[0].content", r.json().path("error").path("param").asText());
        assertTrue(r.body().contains("limits.max_message_chars"));
    }

    @Test
    void maxTokensOverTheCapIs400() {
        Reply r = chat("{\"model\":\"stub\",\"max_tokens\":51,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(400, r.status());
        assertEquals("max_tokens", r.json().path("error").path("param").asText());
        assertTrue(r.body().contains("limits.max_tokens"));
    }

    @Test
    void unknownModelIs404InOpenAiStyle() {
        Reply r = chat(TestGateway.chatBody("gpt-9000", "x"));
        assertEquals(404, r.status());
        assertEquals("model_not_found", r.errorCode());
        assertEquals("not_found_error", r.json().path("error").path("type").asText());
    }

    @Test
    void allowedModelsFromTheEnvironmentNarrowTheCatalog() {
        try (TestGateway narrow = TestGateway.start("""
                models:
                  - {name: stub, provider: stub}
                  - {name: stub-large, provider: stub}
                """, Map.of("ALLOWED_MODELS", "stub-large"))) {
            assertEquals(404, narrow.chat("dev-token", TestGateway.chatBody("stub", "x")).status());
            assertEquals(200, narrow.chat("dev-token", TestGateway.chatBody("stub-large", "x")).status());
            assertEquals(1, narrow.get("/v1/models", "dev-token").json().path("data").size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "null", "[]", "42", "\"text\"", "{}",
            "{\"model\":\"stub\"}",
            "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "{\"model\":\"stub\",\"messages\":[]}",
            "{\"model\":\"stub\",\"messages\":{}}",
            "{\"model\":\"stub\",\"messages\":[1]}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}",
            "{\"model\":\"stub\",\"messages\":[{\"content\":\"x\"}]}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-1}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":99999999999999}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":5}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"context\":[]}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"context\":{\"chunks\":[{\"id\":{}}]}}",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} trailing",
            "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}],",
            "\u0000\u0001\u0002"})
    void badBodiesGet400NeverA500(String body) {
        Reply r = chat(body);
        assertEquals(400, r.status(), body + " -> " + r.body());
        assertEquals("invalid_request_error", r.json().path("error").path("type").asText());
        assertFalse(r.json().path("error").path("message").asText().isBlank());
    }

    @Test
    void arrayContentPartsAreAccepted() {
        Reply r = chat("{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"part one\"}]}]}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("choices").get(0).path("message").path("content").asText().endsWith("part one"));
    }
}
