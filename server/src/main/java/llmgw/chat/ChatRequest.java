package llmgw.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The one internal form of a chat request, whatever API it came in on.
 *
 * @param params the remaining request fields (temperature, tools, ...) passed on to
 *               OpenAI-compatible upstreams as they are
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Integer maxTokens,
        boolean stream,
        boolean includeUsage,
        RagContext context,
        ObjectNode params) {

    /** This request with another {@code max_tokens}. */
    public ChatRequest withMaxTokens(Integer cap) {
        return new ChatRequest(model, messages, cap, stream, includeUsage, context, params);
    }

    /** Characters of prompt text, the basis of the token estimate. */
    public int promptChars() {
        int n = 0;
        for (ChatMessage m : messages) n += m.text().length();
        return n;
    }
}
