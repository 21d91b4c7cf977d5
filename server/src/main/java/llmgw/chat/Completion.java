package llmgw.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A whole (non-streamed) answer. */
public record Completion(String model, List<Choice> choices, Usage usage) {

    /**
     * @param extra message fields other than role and content (tool_calls, refusal, ...), or null
     */
    public record Choice(int index, String content, ObjectNode extra, String finishReason) {}
}
