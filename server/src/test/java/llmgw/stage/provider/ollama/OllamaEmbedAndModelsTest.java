package llmgw.stage.provider.ollama;

import static org.junit.jupiter.api.Assertions.*;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.Embeddings;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.ProviderConfig;
import llmgw.testing.FakeOllama;
import llmgw.testing.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ollama provider's embeddings, model list and key, called directly against a fake Ollama. */
class OllamaEmbedAndModelsTest {
    FakeOllama ollama;
    OllamaProvider provider;

    @BeforeEach
    void start() throws Exception {
        ollama = new FakeOllama();
        provider = new OllamaProvider(config(ollama.baseUrl(), "PROXY_KEY"), Map.of("PROXY_KEY", "proxy-secret"));
    }

    @AfterEach
    void stop() {
        provider.close();
        ollama.close();
    }

    static ProviderConfig config(String baseUrl, String keyEnv) {
        return ProviderConfig.of("ollama", baseUrl, keyEnv, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    static ChatRequest inputs(String... texts) {
        List<ChatMessage> messages = java.util.Arrays.stream(texts)
                .map(t -> new ChatMessage("user", Json.MAPPER.getNodeFactory().textNode(t), Json.MAPPER.createObjectNode())).toList();
        return new ChatRequest("e", messages, null, false, false, null, Json.MAPPER.createObjectNode().put("dimensions", 3));
    }

    @Test
    void embedSendsAllInputsInOneCall() throws Exception {
        Embeddings e = provider.embed(inputs("one", "three"), "nomic-embed-text");
        assertEquals(2, e.vectors().size());
        assertArrayEquals(new double[] {3, 0.5, -0.25}, e.vectors().get(0));
        assertArrayEquals(new double[] {5, 0.5, -0.25}, e.vectors().get(1));
        assertEquals(6, e.usage().promptTokens());
        var sent = ollama.last("/api/embed");
        assertEquals("{\"model\":\"nomic-embed-text\",\"input\":[\"one\",\"three\"],\"dimensions\":3}", sent.body().toString());
        assertEquals("Bearer proxy-secret", sent.authorization(), "the key for a proxy in front of Ollama");
    }

    @Test
    void anOllamaWithoutApiEmbedIsAskedOnePromptAtATime() throws Exception {
        ollama.on("/api/embed", (ex, body) -> FakeOllama.text(ex, 404, "404 page not found"));
        Embeddings e = provider.embed(inputs("one", "three"), "nomic-embed-text");
        assertArrayEquals(new double[] {3, 1.5}, e.vectors().get(0));
        assertArrayEquals(new double[] {5, 1.5}, e.vectors().get(1));
        List<String> prompts = ollama.received().stream().filter(r -> r.path().equals("/api/embeddings"))
                .map(r -> r.body().path("prompt").asText()).toList();
        assertEquals(List.of("one", "three"), prompts);
        assertEquals(2, e.usage().promptTokens(), "estimated: the old endpoint reports no counts");
        ollama.on("/api/embeddings", (ex, body) -> FakeUpstream.json(ex, 200, "{\"embedding\":\"nope\"}"));
        assertEquals("upstream_bad_response", assertThrows(ProviderException.class, () -> provider.embed(inputs("one"), "x")).error().code());
    }

    @Test
    void aMissingModelIsNotMistakenForAMissingEndpoint() {
        ollama.on("/api/embed", (ex, body) -> FakeUpstream.json(ex, 404, "{\"error\":\"model \\\"x\\\" not found, try pulling it first\"}"));
        ProviderException e = assertThrows(ProviderException.class, () -> provider.embed(inputs("one"), "x"));
        assertEquals(404, e.error().status());
        assertTrue(e.error().message().contains("not found, try pulling it first"));
        assertTrue(ollama.received().stream().noneMatch(r -> r.path().equals("/api/embeddings")));
    }

    @Test
    void aWrongCountOfVectorsIsABadResponse() {
        ollama.on("/api/embed", (ex, body) -> FakeUpstream.json(ex, 200, "{\"embeddings\":[[1.0]]}"));
        ProviderException e = assertThrows(ProviderException.class, () -> provider.embed(inputs("one", "two"), "x"));
        assertEquals("upstream_bad_response", e.error().code());
    }

    @Test
    void modelsAreTheNamesInApiTags() throws Exception {
        assertEquals(List.of("llama3:8b", "nomic-embed-text:latest"), provider.models());
        assertEquals("GET", ollama.last("/api/tags").method());
        ollama.on("/api/tags", (ex, body) -> FakeUpstream.json(ex, 200, "{\"models\":[{\"size\":1}]}"));
        assertEquals("upstream_bad_response", assertThrows(ProviderException.class, provider::models).error().code());
    }

    @Test
    void noKeyIsSentWhenNoneIsConfiguredAndADownServerIs502() throws Exception {
        try (OllamaProvider plain = new OllamaProvider(config(ollama.baseUrl(), null), Map.of())) {
            plain.models();
            assertNull(ollama.last("/api/tags").authorization());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (OllamaProvider down = new OllamaProvider(config("http://127.0.0.1:" + closed, null), Map.of())) {
            assertEquals("upstream_unreachable", assertThrows(ProviderException.class, down::models).error().code());
        }
    }
}
