package llmgw.api.ollama;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.stage.provider.stub.StubProvider;
import llmgw.testing.NodeClients;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * The {@code ollama} npm package (ollama-js), unchanged, against the gateway's Ollama surface:
 * {@code src/test/node/ollama-client/client.mjs} makes the calls and prints what the library returned.
 */
class OllamaJsClientTest {
    static final String STUB_SAYS = "Hello from the llmgw stub model. You said: ";

    @Test
    void ollamaJsChatsGeneratesEmbedsAndLists() throws Exception {
        JsonNode out;
        try (TestGateway gw = TestGateway.start("""
                models:
                  - {name: stub, provider: stub}
                  - {name: "llama3:8b", provider: stub}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                """, Map.of())) {
            String stdout = NodeClients.run("ollama-client", Map.of("LLMGW_URL", gw.url(), "LLMGW_TOKEN", "dev-token"), Duration.ofSeconds(60));
            out = Json.MAPPER.readTree(stdout);
            assertEquals(List.of("/api/chat", "/api/chat", "/api/chat", "/api/generate", "/api/generate", "/api/embed", "/api/embeddings",
                    "/api/tags", "/api/chat", "/api/tags", "/api/chat"), gw.auditRows().stream().map(r -> r.endpoint()).toList());
        }
        assertEquals("assistant", out.at("/chat/role").asText());
        assertEquals(STUB_SAYS + "hello from ollama-js", out.at("/chat/content").asText());
        assertTrue(out.at("/chat/done").asBoolean());
        assertEquals("stop", out.at("/chat/doneReason").asText());
        assertTrue(out.at("/chat/evalCount").asInt() > 0);

        assertEquals(STUB_SAYS + "stream to ollama-js", out.at("/chatStream/content").asText());
        assertTrue(out.at("/chatStream/parts").asInt() > 5, "streamed piece by piece: " + out.at("/chatStream"));
        assertTrue(out.at("/chatStream/done").asBoolean());
        assertEquals("stop", out.at("/chatStream/doneReason").asText());

        assertEquals("length", out.at("/capped/doneReason").asText());
        assertEquals(12, out.at("/capped/content").asText().length());

        assertEquals(STUB_SAYS + "why is the sky blue?", out.at("/generate/response").asText());
        assertEquals(STUB_SAYS + "stream a story", out.at("/generateStream").asText());

        assertEquals(2, out.at("/embed/count").asInt());
        assertEquals(StubProvider.EMBEDDING_SIZE, out.at("/embed/size").asInt());
        assertEquals(StubProvider.EMBEDDING_SIZE, out.at("/embeddings/size").asInt());
        assertTrue(out.at("/embeddings/sameAsEmbed").asBoolean());

        assertEquals("[\"stub\",\"llama3:8b\"]", out.at("/list").toString());

        assertEquals("ResponseError", out.at("/notFound/name").asText());
        assertEquals(404, out.at("/notFound/status").asInt());
        assertTrue(out.at("/notFound/message").asText().contains("'no-such-model' does not exist"), out.at("/notFound").toString());
        assertEquals(401, out.at("/unauthorized/status").asInt());
        assertEquals("invalid or expired token", out.at("/unauthorized/message").asText());
        assertEquals(400, out.at("/blocked/status").asInt());
        assertTrue(out.at("/blocked/message").asText().contains("secret.aws_access_key_id"), out.at("/blocked").toString());
        assertFalse(out.toString().contains("AKIAIOSFODNN7EXAMPLE"));
    }
}
