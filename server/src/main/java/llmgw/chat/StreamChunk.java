package llmgw.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One piece of a streamed answer for one choice: a content delta, and/or other delta fields
 * (role, tool_calls), and/or the finish reason that ends the choice.
 */
public record StreamChunk(int index, String role, String content, ObjectNode extraDelta, String finishReason) {

    public static StreamChunk text(String content) {
        return new StreamChunk(0, null, content, null, null);
    }
}
