package llmgw.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import llmgw.api.EmbeddingsCodec;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.Embeddings;
import llmgw.pipeline.GatewayError;

/**
 * {@code POST /v1/embeddings}: {@code input} as a string or an array of strings, each a user message
 * so the guards scan it; token-id inputs are refused. Vectors come back as float arrays, or with
 * {@code encoding_format: base64} as OpenAI sends them: little-endian float32, base64-encoded; the
 * official SDKs ask for that by default. {@code dimensions} and {@code user} pass on to the upstream.
 */
public final class OpenAiEmbeddingsCodec extends EmbeddingsCodec {
    private static final Set<String> PASSED_ON = Set.of("dimensions", "user", "encoding_format");

    @Override
    public String endpoint() {
        return "/v1/embeddings";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = OpenAiRequestDecoder.object(body);
        JsonNode model = OpenAiRequestDecoder.model(root);
        JsonNode format = root.get("encoding_format");
        if (format != null && !format.isNull() && !(format.isTextual() && Set.of("float", "base64").contains(format.asText()))) {
            throw bad("encoding_format", "invalid_value", "'encoding_format' must be \"float\" or \"base64\"");
        }
        List<ChatMessage> messages = new ArrayList<>();
        JsonNode input = root.get("input");
        if (input != null && input.isTextual()) {
            messages.add(user(input.asText()));
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw bad("input[" + i + "]", "invalid_type", "input[" + i + "] must be a string; token-id inputs are not supported");
                }
                messages.add(user(input.get(i).asText()));
            }
        } else {
            throw bad("input", "missing_input", "'input' is required: a string or a non-empty array of strings");
        }
        ObjectNode params = Json.MAPPER.createObjectNode();
        PASSED_ON.forEach(f -> { if (root.hasNonNull(f)) params.set(f, root.get(f)); });
        return new ChatRequest(model.asText(), messages, null, false, false, null, params);
    }

    private static ChatMessage user(String text) {
        return new ChatMessage("user", Json.MAPPER.getNodeFactory().textNode(text), Json.MAPPER.createObjectNode());
    }

    @Override
    public byte[] embeddings(Answer a, Embeddings e) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
        var data = root.putArray("data");
        boolean base64 = a.request().params().path("encoding_format").asText().equals("base64");
        for (int i = 0; i < e.vectors().size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                item.put("embedding", base64(e.vectors().get(i)));
            } else {
                var v = item.putArray("embedding");
                for (double d : e.vectors().get(i)) v.add(d);
            }
        }
        root.put("model", a.model());
        root.putObject("usage").put("prompt_tokens", e.usage().promptTokens()).put("total_tokens", e.usage().totalTokens());
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String base64(double[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : vector) buf.putFloat((float) d);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    @Override
    public byte[] error(GatewayError error) {
        return OpenAiResponseEncoder.error(error);
    }

    private static llmgw.pipeline.GatewayException bad(String param, String code, String message) {
        return GatewayError.invalidParam(param, code, message).toException();
    }
}
