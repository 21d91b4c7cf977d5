package llmgw.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every piece of text a request carries to the model, with a way to rewrite it: string contents,
 * text parts of array contents, and the arguments of tool and function calls.
 */
public final class MessageTexts {
    private MessageTexts() {}

    /** Sees one text; returns its replacement (the same string to keep it). */
    @FunctionalInterface
    public interface Rewriter {
        String rewrite(int message, String role, String location, String text);
    }

    /** A copy of the request with each text passed through {@code rewriter}. */
    public static ChatRequest rewrite(ChatRequest request, Rewriter rewriter) {
        List<ChatMessage> out = new ArrayList<>(request.messages().size());
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage m = request.messages().get(i);
            String at = "messages[" + i + "]";
            JsonNode content = m.content();
            if (content != null && content.isTextual()) {
                content = TextNode.valueOf(rewriter.rewrite(i, m.role(), at + ".content", content.asText()));
            } else if (content != null && content.isArray()) {
                ArrayNode parts = content.deepCopy();
                for (int k = 0; k < parts.size(); k++) {
                    if (parts.get(k) instanceof ObjectNode part && part.path("text").isTextual()) {
                        part.put("text", rewriter.rewrite(i, m.role(), at + ".content[" + k + "].text", part.path("text").asText()));
                    }
                }
                content = parts;
            }
            ObjectNode extra = m.extra().deepCopy();
            for (JsonNode call : extra.path("tool_calls")) {
                if (call.path("function") instanceof ObjectNode fn && fn.path("arguments").isTextual()) {
                    fn.put("arguments", rewriter.rewrite(i, m.role(), at + ".tool_calls.arguments", fn.path("arguments").asText()));
                }
            }
            if (extra.path("function_call") instanceof ObjectNode fn && fn.path("arguments").isTextual()) {
                fn.put("arguments", rewriter.rewrite(i, m.role(), at + ".function_call.arguments", fn.path("arguments").asText()));
            }
            out.add(new ChatMessage(m.role(), content, extra));
        }
        return new ChatRequest(request.model(), out, request.maxTokens(), request.stream(), request.includeUsage(),
                request.context(), request.params());
    }
}
