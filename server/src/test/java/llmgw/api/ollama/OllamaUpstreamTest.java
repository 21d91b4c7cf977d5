package llmgw.api.ollama;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.testing.FakeOllama;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ollama clients and OpenAI clients against real upstreams' wire formats: the gateway's Ollama surface in
 * front of a fake Ollama and of a fake OpenAI-compatible server, and the OpenAI SDK in front of Ollama.
 */
class OllamaUpstreamTest {
    FakeOllama ollama;
    FakeUpstream openai;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        ollama = new FakeOllama();
        openai = new FakeUpstream();
        gw = TestGateway.start("""
                providers:
                  gpu: {type: ollama, base_url: %s}
                  cloud: {type: openai, base_url: %s}
                models:
                  - {name: "llama3:8b", provider: gpu}
                  - {name: embedder, provider: gpu, upstream_model: "nomic-embed-text"}
                  - {name: gpt, provider: cloud, upstream_model: gpt-up}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                """.formatted(ollama.baseUrl(), openai.baseUrl()), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
        ollama.close();
        openai.close();
    }

    static Reply post(TestGateway gw, String path, String body) {
        return gw.post(path, "dev-token", "application/json", body, Map.of());
    }

    @Test
    void ollamaChatReachesOllamaWithItsOptionsIntact() {
        Reply r = post(gw, "/api/chat", """
                {"model":"llama3:8b","stream":false,"keep_alive":-1,"format":{"type":"object"},
                 "options":{"num_ctx":8192,"top_k":20,"temperature":0.1,"stop":["\\n\\n"],"num_predict":64},
                 "messages":[{"role":"user","content":"look","images":["/9j/4AAQSkZJRg"]}]}""");
        assertEquals(200, r.status(), r.body());
        assertEquals("hi from ollama", r.json().path("message").path("content").asText());
        assertEquals(11, r.json().path("prompt_eval_count").asInt());
        assertEquals(4, r.json().path("eval_count").asInt());
        JsonNode sent = ollama.last("/api/chat").body();
        assertEquals("{\"num_ctx\":8192,\"top_k\":20,\"temperature\":0.1,\"stop\":[\"\\n\\n\"],\"num_predict\":64}", sent.path("options").toString());
        assertEquals("{\"type\":\"object\"}", sent.path("format").toString());
        assertEquals("/9j/4AAQSkZJRg", sent.path("messages").get(0).path("images").get(0).asText());
        assertFalse(sent.has("keep_alive"));
    }

    @Test
    void ollamaStreamsPassThroughLineByLine() {
        Reply r = post(gw, "/api/generate", "{\"model\":\"llama3:8b\",\"system\":\"be brief\",\"prompt\":\"hi\"}");
        List<JsonNode> lines = OllamaApiTest.lines(r);
        assertEquals("Hello from ollama", OllamaApiTest.text(lines, "response"));
        assertEquals(9, lines.getLast().path("prompt_eval_count").asInt());
        assertEquals(4, lines.getLast().path("eval_count").asInt());
        JsonNode sent = ollama.last("/api/chat").body();
        assertEquals("system", sent.path("messages").get(0).path("role").asText());
        assertEquals("be brief", sent.path("messages").get(0).path("content").asText());
        assertEquals("hi", sent.path("messages").get(1).path("content").asText());
    }

    @Test
    void anUpstreamFailureMidStreamIsALastErrorLine() {
        ollama.on("/api/chat", (ex, body) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"partial \"},\"done\":false}");
            FakeOllama.line(ex.getResponseBody(), "{\"error\":\"llama runner process has terminated\"}");
        });
        List<JsonNode> lines = OllamaApiTest.lines(post(gw, "/api/chat", "{\"model\":\"llama3:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals("partial ", lines.getFirst().path("message").path("content").asText());
        assertEquals("the upstream reported an error mid-stream", lines.getLast().path("error").asText());
        assertEquals(2, lines.size(), "no done line after an error");
    }

    @Test
    void ollamaEmbeddingsReachOllamasEmbed() {
        Reply many = post(gw, "/api/embed", "{\"model\":\"embedder\",\"input\":[\"one\",\"three\"],\"dimensions\":3}");
        assertEquals(200, many.status(), many.body());
        assertEquals("[[3.0,0.5,-0.25],[5.0,0.5,-0.25]]", many.json().path("embeddings").toString());
        assertEquals(6, many.json().path("prompt_eval_count").asInt());
        assertEquals("{\"model\":\"nomic-embed-text\",\"input\":[\"one\",\"three\"],\"dimensions\":3}", ollama.last("/api/embed").body().toString());
        Reply one = post(gw, "/api/embeddings", "{\"model\":\"embedder\",\"prompt\":\"three\"}");
        assertEquals("[5.0,0.5,-0.25]", one.json().path("embedding").toString());
    }

    @Test
    void ollamaClientsReachAnOpenAiUpstreamWithoutOllamaOnlyOptions() throws Exception {
        Reply r = post(gw, "/api/chat", "{\"model\":\"gpt\",\"stream\":false,\"format\":\"json\",\"options\":{\"num_ctx\":8192,\"temperature\":0.3,"
                + "\"num_predict\":10},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("hi from upstream", r.json().path("message").path("content").asText());
        assertEquals(7, r.json().path("prompt_eval_count").asInt());
        JsonNode sent = Json.MAPPER.readTree(openai.received().getFirst().body());
        assertEquals(0.3, sent.path("temperature").asDouble());
        assertEquals(10, sent.path("max_tokens").asInt(), sent.toString());
        assertEquals("json_object", sent.path("response_format").path("type").asText());
        assertFalse(sent.has("options"), "OpenAI refuses fields it does not know");
    }

    @Test
    void theOpenAiSdkReachesOllama() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.url() + "/v1").apiKey("dev-token").maxRetries(0).build();
        try {
            var params = ChatCompletionCreateParams.builder().model("llama3:8b").addUserMessage("hello").maxCompletionTokens(20).build();
            ChatCompletion c = client.chat().completions().create(params);
            assertEquals("hi from ollama", c.choices().getFirst().message().content().orElseThrow());
            assertEquals(15, c.usage().orElseThrow().totalTokens());
            assertEquals(20, ollama.last("/api/chat").body().path("options").path("num_predict").asInt());
            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
                s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
            assertEquals("Hello from ollama", text.toString());
        } finally {
            client.close();
        }
    }
}
