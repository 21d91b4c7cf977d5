package llmgw.api.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import llmgw.api.EmbeddingsCodec;
import llmgw.api.Json;
import llmgw.chat.ChatRequest;
import llmgw.chat.Embeddings;
import llmgw.pipeline.GatewayError;

/** {@code POST /api/embeddings}, Ollama's older embeddings call: one {@code prompt}, one {@code embedding}. */
public final class OllamaEmbeddingsCodec extends EmbeddingsCodec {

    @Override
    public String endpoint() {
        return "/api/embeddings";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = OllamaRequests.root(body);
        String model = OllamaRequests.model(root);
        JsonNode prompt = root.get("prompt");
        if (prompt == null || !prompt.isTextual()) throw OllamaRequests.bad("prompt", "missing_prompt", "'prompt' is required and must be a string");
        return new ChatRequest(model, List.of(OllamaRequests.message("user", prompt.asText(), null, null)), null, false, false, null,
                Json.MAPPER.createObjectNode());
    }

    @Override
    public byte[] embeddings(Answer a, Embeddings e) {
        return OllamaResponseEncoder.embedding(e);
    }

    @Override
    public byte[] error(GatewayError error) {
        return OllamaResponseEncoder.error(error);
    }
}
