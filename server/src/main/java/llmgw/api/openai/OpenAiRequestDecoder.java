package llmgw.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.RagContext;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.GatewayException;
import llmgw.pipeline.RequestDecoder;

/** Reads an OpenAI {@code POST /v1/chat/completions} body, with llmgw's {@code context} extension. */
public final class OpenAiRequestDecoder implements RequestDecoder {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    /** Fields the gateway reads itself; everything else is passed to OpenAI-compatible upstreams as is. */
    /** OpenAI's own rule for message names; ids and sources reach the model inside a prompt, so they stay plain. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final java.util.regex.Pattern CHUNK_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,2048}");
    private static final Set<String> OWN_FIELDS = Set.of("model", "messages", "stream", "stream_options", "context");

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = object(body);
        JsonNode model = model(root);
        List<ChatMessage> messages = messages(root.get("messages"));
        Integer maxTokens = maxTokens(root);
        boolean stream = bool(root, "stream");
        boolean includeUsage = false;
        JsonNode options = root.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!options.isObject()) throw bad("stream_options", "invalid_type", "'stream_options' must be an object");
            includeUsage = bool(options, "include_usage");
        }
        ObjectNode params = Json.MAPPER.createObjectNode();
        root.properties().forEach(e -> {
            if (!OWN_FIELDS.contains(e.getKey())) params.set(e.getKey(), e.getValue());
        });
        return new ChatRequest(model.asText(), messages, maxTokens, stream, includeUsage, context(root.get("context")), params);
    }

    /** The body as a JSON object, or a 400 that says where it stopped being JSON. */
    static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw bad(null, "invalid_json", "request body is not valid JSON" + where + ": " + shorten(e.getOriginalMessage()));
        } catch (IOException e) {
            throw bad(null, "invalid_json", "request body could not be read");
        }
        if (root == null || !root.isObject()) throw bad(null, "invalid_json", "request body must be a JSON object");
        return root;
    }

    static JsonNode model(JsonNode root) {
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw bad("model", "missing_model", "'model' is required and must be a non-empty string");
        }
        return model;
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw bad("messages", "missing_messages", "'messages' is required and must be a non-empty array");
        }
        List<ChatMessage> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) throw bad(at, "invalid_type", at + " must be an object");
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                throw bad(at + ".role", "invalid_role", at + ".role must be one of " + ROLES);
            }
            JsonNode content = m.get("content");
            if (content != null && !(content.isTextual() || content.isArray() || content.isNull())) {
                throw bad(at + ".content", "invalid_type", at + ".content must be a string, an array of parts or null");
            }
            JsonNode name = m.get("name");
            if (name != null && !name.isNull() && !(name.isTextual() && NAME.matcher(name.asText()).matches())) {
                throw bad(at + ".name", "invalid_value", at + ".name must be 1 to 64 letters, digits, '_' or '-'");
            }
            ObjectNode extra = ((ObjectNode) m).deepCopy();
            extra.remove("role");
            extra.remove("content");
            out.add(new ChatMessage(role.asText(), content, extra));
        }
        return out;
    }

    static Integer maxTokens(JsonNode root) {
        Integer result = null;
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) continue;
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                throw bad(field, "invalid_value", "'" + field + "' must be a whole number of 1 or more");
            }
            result = result == null ? n.asInt() : Math.min(result, n.asInt());
        }
        return result;
    }

    private static RagContext context(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw bad("context", "invalid_type", "'context' must be an object {source, chunks}");
        JsonNode source = node.get("source");
        if (source != null && !source.isNull() && !(source.isTextual() && SOURCE.matcher(source.asText()).matches())) {
            throw bad("context.source", "invalid_value", "'context.source' must be a URL or path of at most 2048 characters without spaces");
        }
        JsonNode chunks = node.get("chunks");
        List<RagContext.Chunk> out = new ArrayList<>();
        if (chunks != null && !chunks.isNull()) {
            if (!chunks.isArray()) throw bad("context.chunks", "invalid_type", "'context.chunks' must be an array");
            for (int i = 0; i < chunks.size(); i++) {
                JsonNode c = chunks.get(i);
                String at = "context.chunks[" + i + "]";
                JsonNode id = c.get("id");
                JsonNode content = c.get("content");
                if (!c.isObject() || id == null || !(id.isTextual() || id.isIntegralNumber()) || content == null || !content.isTextual()) {
                    throw bad(at, "invalid_type", at + " must be an object with a string or number 'id' and a string 'content'");
                }
                if (!CHUNK_ID.matcher(id.asText()).matches()) {
                    throw bad(at + ".id", "invalid_value", at + ".id must be 1 to 64 letters, digits, '_', '-', '.' or ':'");
                }
                out.add(new RagContext.Chunk(id.asText(), content.asText()));
            }
        }
        return new RagContext(source == null || source.isNull() ? null : source.asText(), List.copyOf(out));
    }

    static boolean bool(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return false;
        if (!n.isBoolean()) throw bad(field, "invalid_type", "'" + field + "' must be true or false");
        return n.asBoolean();
    }

    /** Jackson's message without its source-location noise, and never long. */
    private static String shorten(String s) {
        if (s == null) return "";
        if (s.contains("StreamReadConstraints")) return "the document is nested too deeply or has a value that is too long";
        s = s.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static GatewayException bad(String param, String code, String message) {
        return GatewayError.invalidParam(param, code, message).toException();
    }
}
