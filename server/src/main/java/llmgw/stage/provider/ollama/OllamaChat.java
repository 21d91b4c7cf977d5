package llmgw.stage.provider.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.Completion;
import llmgw.chat.ProviderException;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/**
 * The internal chat request as an Ollama {@code POST /api/chat} body, and Ollama's answer back as a
 * {@link Completion}. Sampling settings go into {@code options}; tool calling is not translated
 * and is refused rather than dropped, since a client waiting for a tool call would wait forever.
 */
final class OllamaChat {
    /** Request fields OpenAI and Ollama name alike; Ollama wants them under {@code options}. */
    private static final List<String> SAME_NAMED = List.of("temperature", "top_p", "seed", "presence_penalty", "frequency_penalty");
    private static final List<String> TOOL_FIELDS = List.of("tools", "tool_choice", "functions", "function_call");

    private OllamaChat() {}

    static byte[] body(ChatRequest request, String upstreamModel, boolean stream) throws ProviderException {
        ObjectNode params = request.params();
        for (String field : TOOL_FIELDS) {
            if (params.hasNonNull(field)) throw unsupported(field, "the ollama provider does not pass tool calling on; drop '" + field + "'");
        }
        if (params.path("n").asInt(1) > 1) throw unsupported("n", "the ollama provider answers with one choice; 'n' must be 1");
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", upstreamModel);
        ArrayNode messages = root.putArray("messages");
        for (int i = 0; i < request.messages().size(); i++) messages.add(message(request.messages().get(i), "messages[" + i + "]"));
        root.put("stream", stream);
        ObjectNode options = root.putObject("options");
        // Ollama-only settings (num_ctx, top_k, ...) arrive under "options" from the Ollama surface.
        if (params.path("options").isObject()) options.setAll((ObjectNode) params.path("options").deepCopy());
        for (String field : SAME_NAMED) if (params.hasNonNull(field)) options.set(field, params.get(field));
        JsonNode stop = params.path("stop");
        if (stop.isTextual()) options.putArray("stop").add(stop.asText());
        else if (stop.isArray()) options.set("stop", stop);
        if (request.maxTokens() != null) options.put("num_predict", request.maxTokens());
        if (options.isEmpty()) root.remove("options");
        JsonNode format = format(params.path("response_format"));
        if (format != null) root.set("format", format);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode message(ChatMessage m, String at) throws ProviderException {
        String role = switch (m.role()) {
            case "system", "developer" -> "system";
            case "user", "assistant" -> m.role();
            default -> throw unsupported(at + ".role", "the ollama provider does not pass tool calling on; " + at + " has role '" + m.role() + "'");
        };
        if (m.extra().hasNonNull("tool_calls") || m.extra().hasNonNull("function_call")) {
            throw unsupported(at + ".tool_calls", "the ollama provider does not pass tool calling on; " + at + " carries tool calls");
        }
        ObjectNode out = Json.MAPPER.createObjectNode().put("role", role).put("content", m.text());
        if (m.content() != null && m.content().isArray()) {
            ArrayNode images = Json.MAPPER.createArrayNode();
            for (int k = 0; k < m.content().size(); k++) {
                JsonNode part = m.content().get(k);
                String type = part.path("type").asText();
                if (type.equals("text")) continue;
                String where = at + ".content[" + k + "]";
                if (!type.equals("image_url")) throw unsupported(where, "the ollama provider takes text and image parts only; " + where + " is '" + type + "'");
                images.add(imageData(part.path("image_url"), where));
            }
            if (!images.isEmpty()) out.set("images", images);
        }
        return out;
    }

    /** Ollama wants bare base64: it cannot fetch an image by URL. */
    private static String imageData(JsonNode imageUrl, String where) throws ProviderException {
        String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText();
        int comma = url.indexOf(',');
        if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw unsupported(where, "the ollama provider takes images as data:...;base64, URLs only");
        }
        return url.substring(comma + 1);
    }

    /** OpenAI's {@code response_format} as Ollama's {@code format}: "json" or a JSON schema. */
    private static JsonNode format(JsonNode responseFormat) {
        return switch (responseFormat.path("type").asText()) {
            case "json_object" -> Json.MAPPER.getNodeFactory().textNode("json");
            case "json_schema" -> responseFormat.path("json_schema").path("schema").isObject() ? responseFormat.path("json_schema").path("schema") : null;
            default -> null;
        };
    }

    static Completion completion(JsonNode root, String upstreamModel, ChatRequest request) {
        JsonNode content = root.path("message").path("content");
        if (!content.isTextual()) throw new IllegalArgumentException("no message content");
        String model = root.path("model").isTextual() ? root.path("model").asText() : upstreamModel;
        var choice = new Completion.Choice(0, content.asText(), null, finishReason(root.path("done_reason")));
        return new Completion(model, List.of(choice), usage(root, request, content.asText().length()));
    }

    /** Ollama says {@code stop} or {@code length} (and {@code load}/{@code unload} for model loading calls). */
    static String finishReason(JsonNode doneReason) {
        return doneReason.asText().equals("length") ? "length" : "stop";
    }

    /** Ollama's counts; it leaves {@code prompt_eval_count} out when the prompt was cached, so that one may be estimated. */
    static Usage usage(JsonNode root, ChatRequest request, int completionChars) {
        int prompt = root.path("prompt_eval_count").isInt() ? root.path("prompt_eval_count").asInt() : Usage.estimateTokens(request.promptChars());
        int completion = root.path("eval_count").isInt() ? root.path("eval_count").asInt() : Usage.estimateTokens(completionChars);
        return new Usage(prompt, completion);
    }

    static ProviderException unsupported(String param, String message) {
        return new ProviderException(GatewayError.invalidParam(param, "unsupported_parameter", message));
    }
}
