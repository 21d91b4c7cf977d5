package llmgw.stage.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.Embeddings;
import llmgw.chat.ProviderException;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/** The embeddings and model-list calls of an OpenAI-compatible upstream: the request body and reading the answers. */
final class EmbeddingsAndModels {
    private EmbeddingsAndModels() {}

    /** {@code {"model", "input": [...]}} with the user messages as inputs and the other request fields (dimensions, user), as floats. */
    static byte[] body(ChatRequest request, String upstreamModel) {
        ObjectNode root = request.params().deepCopy();
        root.put("model", upstreamModel);
        root.put("encoding_format", "float"); // the gateway reads the vectors; it encodes them for its client itself
        var input = root.putArray("input");
        for (ChatMessage m : request.messages()) if (m.role().equals("user")) input.add(m.text());
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The vectors in input order (the upstream says each one's {@code index}). */
    static Embeddings parse(byte[] body, String upstreamModel, ChatRequest request) throws ProviderException {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode data = root.path("data");
            double[][] vectors = new double[data.size()][];
            for (JsonNode item : data) {
                int index = item.path("index").asInt(-1);
                JsonNode v = item.path("embedding");
                if (index < 0 || index >= vectors.length || vectors[index] != null || !v.isArray() || v.isEmpty()) {
                    throw new IllegalArgumentException("bad embedding item");
                }
                vectors[index] = new double[v.size()];
                for (int i = 0; i < v.size(); i++) vectors[index][i] = v.get(i).asDouble();
            }
            if (vectors.length == 0) throw new IllegalArgumentException("no embeddings");
            JsonNode u = root.path("usage");
            int prompt = u.path("prompt_tokens").isInt() ? u.path("prompt_tokens").asInt() : Usage.estimateTokens(request.promptChars());
            String model = root.path("model").isTextual() ? root.path("model").asText() : upstreamModel;
            return new Embeddings(model, List.of(vectors), new Usage(prompt, 0));
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not an OpenAI embeddings list"), e);
        }
    }

    /** The {@code id}s of {@code GET /models}. */
    static List<String> modelIds(byte[] body) throws ProviderException {
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode m : Json.MAPPER.readTree(body).path("data")) {
                if (!m.path("id").isTextual()) throw new IllegalArgumentException("a model without an id");
                ids.add(m.path("id").asText());
            }
            return ids;
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not an OpenAI model list"), e);
        }
    }
}
