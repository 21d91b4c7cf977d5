package llmgw.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One message of a conversation. {@code content} keeps the wire shape (a string, an array of
 * parts, or null) so nothing a provider understands is lost; {@code extra} holds the other
 * fields (name, tool_calls, tool_call_id).
 */
public record ChatMessage(String role, JsonNode content, ObjectNode extra) {

    /** The text of the message: the string content, or its text parts joined by newlines. */
    public String text() {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode text = part.get("text");
            if (text != null && text.isTextual()) {
                if (!sb.isEmpty()) sb.append('\n');
                sb.append(text.asText());
            }
        }
        return sb.toString();
    }
}
