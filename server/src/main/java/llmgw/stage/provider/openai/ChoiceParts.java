package llmgw.stage.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One upstream choice split into what the gateway handles itself (content text, finish reason) and
 * the rest of its {@code message} or {@code delta} (tool_calls, refusal, ...), passed on as it is.
 *
 * @param extra the remaining fields, or null when there are none
 */
record ChoiceParts(int index, String content, ObjectNode extra, String finishReason) {

    /** @param field {@code message} for whole answers, {@code delta} for stream events */
    static ChoiceParts of(JsonNode choice, String field, int defaultIndex) {
        JsonNode node = choice.path(field);
        String content = node.path("content").isTextual() ? node.path("content").asText() : null;
        ObjectNode extra = null;
        if (node.isObject()) {
            extra = ((ObjectNode) node).deepCopy();
            extra.remove("role");
            extra.remove("content");
            if (extra.isEmpty()) extra = null;
        }
        String finish = choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null;
        return new ChoiceParts(choice.path("index").asInt(defaultIndex), content, extra, finish);
    }
}
