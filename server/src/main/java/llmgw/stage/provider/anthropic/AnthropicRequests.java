package llmgw.stage.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.ProviderException;
import llmgw.pipeline.GatewayError;

/**
 * Writes the internal request as an Anthropic Messages body: system and developer messages become
 * the top-level {@code system}, consecutive messages of one role are merged (Anthropic wants the
 * roles to alternate), {@code stop} becomes {@code stop_sequences}, {@code user} becomes
 * {@code metadata.user_id}. What has no Anthropic form here (tools, tool messages, {@code n},
 * {@code response_format}, ...) is refused with 400 {@code unsupported_parameter} naming the field
 * rather than dropped, since dropping it would change what the caller asked for.
 */
final class AnthropicRequests {
    /** Anthropic requires {@code max_tokens}; this is used when the caller set none. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    /** Message fields that mean a tool exchange; anything else in {@code extra} (name, refusal) carries no instruction. */
    private static final List<String> TOOL_FIELDS = List.of("tool_calls", "tool_call_id", "function_call");

    private AnthropicRequests() {}

    static byte[] body(ChatRequest request, String upstreamModel, boolean stream) throws ProviderException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", upstreamModel);
        root.put("max_tokens", request.maxTokens() == null ? DEFAULT_MAX_TOKENS : request.maxTokens());
        StringBuilder system = new StringBuilder();
        ArrayNode messages = Json.MAPPER.createArrayNode();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage m = request.messages().get(i);
            switch (m.role()) {
                case "system", "developer" -> {
                    if (!system.isEmpty()) system.append("\n\n");
                    system.append(m.text());
                }
                case "user", "assistant" -> add(messages, m, i);
                default -> throw unsupported("messages[" + i + "].role", "the role '" + m.role() + "'");
            }
        }
        if (!system.isEmpty()) root.put("system", system.toString());
        root.set("messages", messages);
        params(request.params(), root);
        if (stream) root.put("stream", true);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(ArrayNode messages, ChatMessage m, int i) throws ProviderException {
        for (String field : TOOL_FIELDS) {
            JsonNode v = m.extra().get(field);
            if (v != null && !v.isNull()) throw unsupported("messages[" + i + "]." + field, "'" + field + "'");
        }
        ArrayNode blocks = blocks(m.content(), i);
        if (blocks.isEmpty()) return; // Anthropic refuses empty messages; an empty one says nothing anyway
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals(m.role())) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode msg = messages.addObject();
        msg.put("role", m.role());
        msg.set("content", blocks);
    }

    /** String content and text parts become text blocks; Anthropic image blocks pass as they are. */
    private static ArrayNode blocks(JsonNode content, int i) throws ProviderException {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (content == null || content.isNull()) return out;
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) out.addObject().put("type", "text").put("text", content.asText());
            return out;
        }
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String type = part.path("type").asText();
            if (type.equals("text") && part.path("text").isTextual()) {
                if (!part.path("text").asText().isEmpty()) out.addObject().put("type", "text").put("text", part.path("text").asText());
            } else if (type.equals("image") && part.path("source").isObject()) {
                out.add(part.deepCopy());
            } else {
                throw unsupported("messages[" + i + "].content[" + k + "].type", "content parts of type '" + type + "'");
            }
        }
        return out;
    }

    private static void params(ObjectNode params, ObjectNode root) throws ProviderException {
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) continue;
            switch (e.getKey()) {
                case "max_tokens", "max_completion_tokens" -> { } // read into ChatRequest.maxTokens already
                case "temperature", "top_p" -> root.set(e.getKey(), v);
                case "stop" -> {
                    ArrayNode seqs = root.putArray("stop_sequences");
                    if (v.isArray()) seqs.addAll((ArrayNode) v);
                    else seqs.add(v);
                }
                case "user" -> root.putObject("metadata").set("user_id", v);
                default -> throw unsupported(e.getKey(), "'" + e.getKey() + "'");
            }
        }
    }

    private static ProviderException unsupported(String param, String what) {
        return new ProviderException(new GatewayError(400, "invalid_request_error", "unsupported_parameter",
                what + " is not supported for models served by an anthropic provider", param));
    }
}
