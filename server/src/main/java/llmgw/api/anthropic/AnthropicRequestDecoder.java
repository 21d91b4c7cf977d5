package llmgw.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.GatewayException;
import llmgw.pipeline.RequestDecoder;

/**
 * Reads an Anthropic {@code POST /v1/messages} body into the internal request, whose params follow
 * OpenAI's names so any provider can serve it: {@code system} becomes a leading system message,
 * {@code stop_sequences} becomes {@code stop}, {@code metadata.user_id} becomes {@code user}. Fields
 * the gateway cannot carry to every provider (tools, thinking, top_k, ...) are refused with 400
 * {@code unsupported_parameter} rather than dropped.
 */
public final class AnthropicRequestDecoder implements RequestDecoder {
    private static final Set<String> FIELDS = Set.of("model", "max_tokens", "messages", "system", "stop_sequences",
            "temperature", "top_p", "stream", "metadata");

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
            throw bad(null, "invalid_json", "request body is not valid JSON" + where);
        }
        if (root == null || !root.isObject()) throw bad(null, "invalid_json", "request body must be a JSON object");
        for (String field : (Iterable<String>) root::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw bad(field, "unsupported_parameter", "'" + field + "' is not supported by the gateway's /v1/messages");
            }
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw bad("model", "missing_model", "'model' is required and must be a non-empty string");
        }
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null || !maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
            throw bad("max_tokens", "missing_max_tokens", "'max_tokens' is required and must be a whole number of 1 or more");
        }
        List<ChatMessage> messages = new ArrayList<>();
        String system = system(root.get("system"));
        if (!system.isEmpty()) messages.add(new ChatMessage("system", TextNode.valueOf(system), Json.MAPPER.createObjectNode()));
        messages(root.get("messages"), messages);
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) throw bad("stream", "invalid_type", "'stream' must be true or false");
        return new ChatRequest(model.asText(), messages, maxTokens.asInt(), stream != null && stream.asBoolean(), false, null, params(root));
    }

    /** A string, or text blocks joined by blank lines. */
    private static String system(JsonNode node) {
        if (node == null || node.isNull()) return "";
        if (node.isTextual()) return node.asText();
        if (!node.isArray()) throw bad("system", "invalid_type", "'system' must be a string or an array of text blocks");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) texts.add(text(node.get(i), "system[" + i + "]"));
        return String.join("\n\n", texts);
    }

    private static void messages(JsonNode node, List<ChatMessage> out) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw bad("messages", "missing_messages", "'messages' is required and must be a non-empty array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) throw bad(at, "invalid_type", at + " must be an object");
            String role = m.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                throw bad(at + ".role", "invalid_role", at + ".role must be user or assistant");
            }
            out.add(new ChatMessage(role, content(m.get("content"), at + ".content"), Json.MAPPER.createObjectNode()));
        }
    }

    /** Text blocks keep only their text (a {@code cache_control} hint is dropped); image blocks pass as they are. */
    private static JsonNode content(JsonNode content, String at) {
        if (content != null && content.isTextual()) return content;
        if (content == null || !content.isArray()) throw bad(at, "invalid_type", at + " must be a string or an array of content blocks");
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (int k = 0; k < content.size(); k++) {
            JsonNode block = content.get(k);
            String where = at + "[" + k + "]";
            String type = block.path("type").asText();
            if (type.equals("image") && block.path("source").isObject()) {
                parts.add(block.deepCopy());
            } else if (type.equals("text")) {
                parts.addObject().put("type", "text").put("text", text(block, where));
            } else {
                throw bad(where + ".type", "unsupported_parameter", where + " is a '" + type + "' block; only text and image blocks are supported");
            }
        }
        return parts;
    }

    private static String text(JsonNode block, String at) {
        if (!block.path("type").asText().equals("text") || !block.path("text").isTextual()) {
            throw bad(at, "invalid_type", at + " must be a text block {\"type\": \"text\", \"text\": \"...\"}");
        }
        return block.path("text").asText();
    }

    private static ObjectNode params(JsonNode root) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        for (String field : List.of("temperature", "top_p")) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) continue;
            if (!n.isNumber()) throw bad(field, "invalid_type", "'" + field + "' must be a number");
            params.set(field, n);
        }
        JsonNode stops = root.get("stop_sequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray()) throw bad("stop_sequences", "invalid_type", "'stop_sequences' must be an array of strings");
            for (JsonNode s : stops) if (!s.isTextual()) throw bad("stop_sequences", "invalid_type", "'stop_sequences' must be an array of strings");
            if (!stops.isEmpty()) params.set("stop", stops);
        }
        JsonNode metadata = root.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) throw bad("metadata", "invalid_type", "'metadata' must be an object");
            JsonNode user = metadata.get("user_id");
            if (user != null && !user.isNull()) {
                if (!user.isTextual()) throw bad("metadata.user_id", "invalid_type", "'metadata.user_id' must be a string");
                params.set("user", user);
            }
        }
        return params;
    }

    private static GatewayException bad(String param, String code, String message) {
        return GatewayError.invalidParam(param, code, message).toException();
    }
}
