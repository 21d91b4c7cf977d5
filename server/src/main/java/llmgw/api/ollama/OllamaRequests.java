package llmgw.api.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.GatewayException;

/**
 * What Ollama's request bodies share: the JSON object itself, {@code model}, {@code stream} (on by
 * default, as in Ollama), {@code options} and {@code format}. Options OpenAI also knows become
 * the request fields of the same name; the Ollama-only rest stays under {@code options} for an
 * Ollama upstream.
 */
final class OllamaRequests {
    private static final List<String> SAME_NAMED = List.of("temperature", "top_p", "seed", "stop", "presence_penalty", "frequency_penalty");
    /** Base64 openings of the image formats vision models take, and their media types. */
    private static final Map<String, String> IMAGE_TYPES = Map.of("iVBORw0KGgo", "image/png", "/9j/", "image/jpeg",
            "R0lGOD", "image/gif", "UklGR", "image/webp");

    private OllamaRequests() {}

    static JsonNode root(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw bad(null, "invalid_json", "request body is not valid JSON" + where);
        } catch (IOException e) {
            throw bad(null, "invalid_json", "request body could not be read");
        }
        if (root == null || !root.isObject()) throw bad(null, "invalid_json", "request body must be a JSON object");
        return root;
    }

    static String model(JsonNode root) {
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw bad("model", "missing_model", "'model' is required and must be a non-empty string");
        }
        return model.asText();
    }

    /** Ollama streams unless told not to. */
    static boolean stream(JsonNode root) {
        JsonNode n = root.get("stream");
        if (n == null || n.isNull()) return true;
        if (!n.isBoolean()) throw bad("stream", "invalid_type", "'stream' must be true or false");
        return n.asBoolean();
    }

    /** A field the gateway cannot honour: refused, since ignoring it would change the answer unseen. */
    static void refuse(JsonNode root, String field, String why) {
        JsonNode n = root.get(field);
        boolean set = n != null && !n.isNull() && !(n.isBoolean() && !n.asBoolean()) && !(n.isContainerNode() && n.isEmpty())
                && !(n.isTextual() && n.asText().isEmpty());
        if (set) throw bad(field, "unsupported_parameter", "'" + field + "' is not supported by llmgw: " + why);
    }

    /** {@code options.num_predict}: a positive cap; -1 (no cap) and -2 (fill the context) leave it to the model. */
    static Integer maxTokens(JsonNode root) {
        JsonNode n = root.path("options").get("num_predict");
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToInt() || !n.isIntegralNumber() || (n.asInt() < 1 && n.asInt() != -1 && n.asInt() != -2)) {
            throw bad("options.num_predict", "invalid_value", "'options.num_predict' must be a whole number of 1 or more, -1 or -2");
        }
        return n.asInt() > 0 ? n.asInt() : null;
    }

    /** The request fields passed on: sampling options and the output format. */
    static ObjectNode params(JsonNode root) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        JsonNode options = root.get("options");
        if (options != null && !options.isNull()) {
            if (!options.isObject()) throw bad("options", "invalid_type", "'options' must be an object");
            ObjectNode rest = options.deepCopy();
            rest.remove("num_predict");
            for (String field : SAME_NAMED) if (rest.has(field)) params.set(field, rest.remove(field));
            if (!rest.isEmpty()) params.set("options", rest);
        }
        JsonNode format = root.get("format");
        if (format != null && !format.isNull() && !(format.isTextual() && format.asText().isEmpty())) {
            if (format.isTextual() && format.asText().equals("json")) {
                params.putObject("response_format").put("type", "json_object");
            } else if (format.isObject()) {
                params.putObject("response_format").put("type", "json_schema")
                        .putObject("json_schema").put("name", "response").set("schema", format);
            } else {
                throw bad("format", "invalid_value", "'format' must be \"json\" or a JSON schema object");
            }
        }
        return params;
    }

    /** A message of text and, when there are images, the image parts that carry them as data URLs. */
    static ChatMessage message(String role, String text, JsonNode images, String param) {
        ObjectNode extra = Json.MAPPER.createObjectNode();
        if (images == null || images.isNull() || (images.isArray() && images.isEmpty())) {
            return new ChatMessage(role, TextNode.valueOf(text), extra);
        }
        if (!images.isArray()) throw bad(param, "invalid_type", param + " must be an array of base64 strings");
        ArrayNode parts = Json.MAPPER.createArrayNode();
        parts.addObject().put("type", "text").put("text", text);
        for (int i = 0; i < images.size(); i++) {
            String data = images.get(i).asText("");
            String type = IMAGE_TYPES.entrySet().stream().filter(e -> data.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> bad(param, "invalid_value", param + " must be base64-encoded PNG, JPEG, GIF or WebP images"));
            parts.addObject().put("type", "image_url").putObject("image_url").put("url", "data:" + type + ";base64," + data);
        }
        return new ChatMessage(role, parts, extra);
    }

    static GatewayException bad(String param, String code, String message) {
        return GatewayError.invalidParam(param, code, message).toException();
    }
}
