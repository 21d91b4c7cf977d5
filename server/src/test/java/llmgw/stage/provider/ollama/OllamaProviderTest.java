package llmgw.stage.provider.ollama;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import llmgw.testing.FakeOllama;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ollama provider's whole answers and errors, reached through the gateway's OpenAI surface, against a fake Ollama. */
class OllamaProviderTest {
    static final String PNG = "iVBORw0KGgoAAAANSUhEUg";
    FakeOllama ollama;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        ollama = new FakeOllama();
        gw = gateway(ollama);
    }

    /** {@code llama3:8b} and {@code local} (qwen2.5:7b upstream) on the fake Ollama, with a 2s read timeout. */
    static TestGateway gateway(FakeOllama ollama) {
        return TestGateway.start("""
                providers:
                  gpu: {type: ollama, base_url: %s, connect_timeout: 1s, read_timeout: 2s}
                models:
                  - {name: "llama3:8b", provider: gpu}
                  - {name: local, provider: gpu, upstream_model: "qwen2.5:7b"}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                """.formatted(ollama.baseUrl()), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
        ollama.close();
    }

    @Test
    void wholeAnswerTranslatesRequestOptionsAndCounts() {
        ollama.on("/api/chat", (ex, body) -> FakeUpstream.json(ex, 200, FakeOllama.done("qwen2.5:7b", "cut sho", "length", 11, 4)));
        Reply r = gw.chat("dev-token", """
                {"model":"local","temperature":0.2,"top_p":0.9,"seed":7,"stop":"END","max_tokens":50,
                 "response_format":{"type":"json_object"},"user":"u-1",
                 "messages":[{"role":"developer","content":"be brief"},
                             {"role":"user","content":[{"type":"text","text":"what is this?"},
                              {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}]}""".formatted(PNG));
        assertEquals(200, r.status(), r.body());
        JsonNode choice = r.json().path("choices").get(0);
        assertEquals("cut sho", choice.path("message").path("content").asText());
        assertEquals("length", choice.path("finish_reason").asText());
        assertEquals(11, r.json().path("usage").path("prompt_tokens").asInt());
        assertEquals(4, r.json().path("usage").path("completion_tokens").asInt());

        JsonNode sent = ollama.last("/api/chat").body();
        assertEquals("qwen2.5:7b", sent.path("model").asText());
        assertFalse(sent.path("stream").asBoolean(true));
        assertEquals("{\"temperature\":0.2,\"top_p\":0.9,\"seed\":7,\"stop\":[\"END\"],\"num_predict\":50}", sent.path("options").toString());
        assertEquals("json", sent.path("format").asText());
        assertFalse(sent.has("user"), "OpenAI-only fields stay behind");
        assertEquals("system", sent.path("messages").get(0).path("role").asText());
        assertEquals("what is this?", sent.path("messages").get(1).path("content").asText());
        assertEquals(PNG, sent.path("messages").get(1).path("images").get(0).asText());
        assertNull(ollama.last("/api/chat").authorization(), "no key configured, none sent");
    }

    @Test
    void jsonSchemaFormatAndStopListsPassAsOllamaWantsThem() {
        Reply r = gw.chat("dev-token", """
                {"model":"llama3:8b","stop":["a","b"],"messages":[{"role":"user","content":"hi"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}}""");
        assertEquals(200, r.status(), r.body());
        JsonNode sent = ollama.last("/api/chat").body();
        assertEquals("{\"type\":\"object\"}", sent.path("format").toString());
        assertEquals("[\"a\",\"b\"]", sent.path("options").path("stop").toString());
        assertEquals("hi from ollama", r.json().path("choices").get(0).path("message").path("content").asText());
    }

    @Test
    void whatOllamaCannotTakeIsRefusedBeforeItIsSent() {
        String tools = "{\"model\":\"llama3:8b\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String toolRole = "{\"model\":\"llama3:8b\",\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]}";
        String toolCalls = "{\"model\":\"llama3:8b\",\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\"}]}]}";
        String urlImage = "{\"model\":\"llama3:8b\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}";
        String audio = "{\"model\":\"llama3:8b\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}";
        String twoChoices = "{\"model\":\"llama3:8b\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String body : List.of(tools, toolRole, toolCalls, urlImage, audio, twoChoices)) {
            Reply r = gw.chat("dev-token", body);
            assertEquals(400, r.status(), body);
            assertEquals("unsupported_parameter", r.errorCode(), r.body());
        }
        assertTrue(ollama.received().isEmpty());
    }

    @Test
    void modelNotFoundPassesAs404WithOllamasMessage() {
        ollama.on("/api/chat", (ex, body) -> FakeUpstream.json(ex, 404, "{\"error\":\"model \\\"llama3:8b\\\" not found, try pulling it first\"}"));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("llama3:8b", "hi"));
        assertEquals(404, r.status());
        assertEquals("upstream: model \"llama3:8b\" not found, try pulling it first", r.json().path("error").path("message").asText());
        Reply streamed = gw.chat("dev-token", "{\"model\":\"llama3:8b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(404, streamed.status(), "refused before the stream started");
        assertEquals("upstream_404", streamed.errorCode());
    }

    @Test
    void serverErrorsBecome502AndGarbageIsABadResponse() {
        ollama.on("/api/chat", (ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":\"llama runner process has terminated: internals\"}"));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("llama3:8b", "hi"));
        assertEquals(502, r.status());
        assertEquals("upstream_error", r.errorCode());
        assertFalse(r.body().contains("internals"));

        ollama.on("/api/chat", (ex, body) -> FakeUpstream.json(ex, 200, "{\"done\":true}"));
        assertEquals("upstream_bad_response", gw.chat("dev-token", TestGateway.chatBody("llama3:8b", "hi")).errorCode());
    }

    @Test
    void slowOllamaTimesOutWith504() {
        ollama.on("/api/chat", (ex, body) -> {
            FakeUpstream.sleep(4_000);
            FakeUpstream.json(ex, 200, FakeOllama.done("m", "late", "stop", 1, 1));
        });
        long start = System.nanoTime();
        Reply r = gw.chat("dev-token", TestGateway.chatBody("llama3:8b", "hi"));
        assertEquals(504, r.status());
        assertEquals("upstream_timeout", r.errorCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3_900);
    }

}
