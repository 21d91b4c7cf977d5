package llmgw.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import llmgw.api.Json;
import llmgw.chat.Completion;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/** Writes internal answers and errors in Anthropic's Messages shapes. */
public final class AnthropicResponseEncoder {
    private AnthropicResponseEncoder() {}

    /** A whole answer: one text block with the first choice's content. */
    public static byte[] message(String id, String model, Completion c) {
        Completion.Choice choice = c.choices().isEmpty() ? null : c.choices().getFirst();
        ObjectNode root = header(id, model);
        if (choice != null && choice.content() != null && !choice.content().isEmpty()) {
            root.withArray("content").addObject().put("type", "text").put("text", choice.content());
        }
        String stop = stopReason(choice == null ? null : choice.finishReason());
        root.put("stop_reason", stop == null ? "end_turn" : stop);
        root.putNull("stop_sequence");
        root.set("usage", usage(c.usage()));
        return bytes(root);
    }

    /** The {@code message} of a stream's {@code message_start}: no content yet, the prompt's tokens as estimated. */
    public static ObjectNode startMessage(String id, String model, int inputTokens) {
        ObjectNode root = header(id, model);
        root.putNull("stop_reason");
        root.putNull("stop_sequence");
        root.set("usage", usage(new Usage(inputTokens, 0)));
        return root;
    }

    private static ObjectNode header(String id, String model) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", "msg_" + id.replaceFirst("^chatcmpl-", ""));
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        root.putArray("content");
        return root;
    }

    /** An OpenAI-style finish reason as Anthropic's {@code stop_reason}; null while not finished. */
    public static String stopReason(String finishReason) {
        if (finishReason == null) return null;
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    public static ObjectNode usage(Usage u) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("input_tokens", u.promptTokens());
        n.put("output_tokens", u.completionTokens());
        return n;
    }

    /**
     * Anthropic's error body. Its {@code error.type} follows the status as Anthropic's own does; the
     * gateway's {@code code} rides along, since it says which check refused.
     */
    public static byte[] error(GatewayError e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        ObjectNode err = root.putObject("error");
        err.put("type", errorType(e.status()));
        err.put("message", e.message());
        err.put("code", e.code());
        return bytes(root);
    }

    static String errorType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
