package llmgw.api.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;

/**
 * {@code POST /api/chat}: Ollama's chat. Messages carry text and optional base64 {@code images};
 * {@code keep_alive} and {@code think} concern the Ollama server's own state and are ignored; tool
 * calling is refused.
 */
public final class OllamaChatCodec extends OllamaTextCodec {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    public OllamaChatCodec() {
        super(OllamaResponseEncoder.Shape.CHAT);
    }

    @Override
    public String endpoint() {
        return "/api/chat";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = OllamaRequests.root(body);
        String model = OllamaRequests.model(root);
        OllamaRequests.refuse(root, "tools", "tool calling is not passed on");
        JsonNode node = root.get("messages");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw OllamaRequests.bad("messages", "missing_messages", "'messages' is required and must be a non-empty array");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) throw OllamaRequests.bad(at, "invalid_type", at + " must be an object");
            String role = m.path("role").asText("");
            if (role.equals("tool") || m.hasNonNull("tool_calls")) {
                throw OllamaRequests.bad(at, "unsupported_parameter", at + ": tool calling is not supported by llmgw");
            }
            if (!ROLES.contains(role)) throw OllamaRequests.bad(at + ".role", "invalid_role", at + ".role must be one of " + ROLES);
            JsonNode content = m.get("content");
            if (content != null && !content.isNull() && !content.isTextual()) {
                throw OllamaRequests.bad(at + ".content", "invalid_type", at + ".content must be a string");
            }
            messages.add(OllamaRequests.message(role, content == null ? "" : content.asText(), m.get("images"), at + ".images"));
        }
        return new ChatRequest(model, messages, OllamaRequests.maxTokens(root), OllamaRequests.stream(root), false, null,
                OllamaRequests.params(root));
    }
}
