package llmgw.api.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import llmgw.api.Json;
import llmgw.chat.Embeddings;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/**
 * Writes answers and errors in Ollama's shapes. Ollama reports durations in nanoseconds; the gateway
 * does not time the model's phases, so those are 0, while the token counts are real.
 */
public final class OllamaResponseEncoder {
    /** Where the text goes: {@code message.content} for chat, {@code response} for generate. */
    enum Shape { CHAT, GENERATE }

    private OllamaResponseEncoder() {}

    /** A whole answer, or the last line of a stream (then with empty text). */
    static byte[] done(Shape shape, String model, String text, String finishReason, Usage u) {
        ObjectNode root = head(shape, model, text);
        root.put("done", true);
        root.put("done_reason", "length".equals(finishReason) ? "length" : "stop");
        root.put("total_duration", 0);
        root.put("load_duration", 0);
        root.put("prompt_eval_count", u.promptTokens());
        root.put("prompt_eval_duration", 0);
        root.put("eval_count", u.completionTokens());
        root.put("eval_duration", 0);
        return bytes(root);
    }

    /** One streamed piece of the answer. */
    static byte[] piece(Shape shape, String model, String text) {
        return bytes(head(shape, model, text).put("done", false));
    }

    /** Ollama's error body: {@code {"error": "message"}}, with the HTTP status telling the kind. */
    public static byte[] error(GatewayError e) {
        return bytes(Json.MAPPER.createObjectNode().put("error", e.message()));
    }

    /** {@code POST /api/embed}: every vector, and the prompt tokens. */
    static byte[] embed(String model, Embeddings e) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("model", model);
        ArrayNode all = root.putArray("embeddings");
        for (double[] v : e.vectors()) vector(all.addArray(), v);
        root.put("total_duration", 0);
        root.put("load_duration", 0);
        root.put("prompt_eval_count", e.usage().promptTokens());
        return bytes(root);
    }

    /** {@code POST /api/embeddings}: the one vector. */
    static byte[] embedding(Embeddings e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        vector(root.putArray("embedding"), e.vectors().getFirst());
        return bytes(root);
    }

    private static void vector(ArrayNode out, double[] v) {
        for (double d : v) out.add(d);
    }

    private static ObjectNode head(Shape shape, String model, String text) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", model);
        root.put("created_at", Instant.now().toString());
        if (shape == Shape.CHAT) root.putObject("message").put("role", "assistant").put("content", text);
        else root.put("response", text);
        return root;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
