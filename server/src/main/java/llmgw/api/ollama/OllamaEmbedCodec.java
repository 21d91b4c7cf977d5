package llmgw.api.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import llmgw.api.EmbeddingsCodec;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.Embeddings;
import llmgw.pipeline.GatewayError;

/**
 * {@code POST /api/embed}: {@code input} as one string or an array of strings, each becoming a user
 * message so the guards scan it; {@code dimensions} is passed on, {@code truncate},
 * {@code keep_alive} and {@code options} are the Ollama server's own business and ignored.
 */
public final class OllamaEmbedCodec extends EmbeddingsCodec {

    @Override
    public String endpoint() {
        return "/api/embed";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = OllamaRequests.root(body);
        String model = OllamaRequests.model(root);
        JsonNode input = root.get("input");
        List<ChatMessage> messages = new ArrayList<>();
        if (input != null && input.isTextual()) {
            messages.add(OllamaRequests.message("user", input.asText(), null, null));
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) throw OllamaRequests.bad("input[" + i + "]", "invalid_type", "input[" + i + "] must be a string");
                messages.add(OllamaRequests.message("user", input.get(i).asText(), null, null));
            }
        } else {
            throw OllamaRequests.bad("input", "missing_input", "'input' is required: a string or a non-empty array of strings");
        }
        ObjectNode params = Json.MAPPER.createObjectNode();
        JsonNode dimensions = root.get("dimensions");
        if (dimensions != null && !dimensions.isNull()) {
            if (!dimensions.isIntegralNumber() || dimensions.asInt() < 1) {
                throw OllamaRequests.bad("dimensions", "invalid_value", "'dimensions' must be a whole number of 1 or more");
            }
            params.set("dimensions", dimensions);
        }
        return new ChatRequest(model, messages, null, false, false, null, params);
    }

    @Override
    public byte[] embeddings(Answer a, Embeddings e) {
        return OllamaResponseEncoder.embed(a.model(), e);
    }

    @Override
    public byte[] error(GatewayError error) {
        return OllamaResponseEncoder.error(error);
    }
}
