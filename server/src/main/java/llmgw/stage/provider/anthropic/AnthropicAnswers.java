package llmgw.stage.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import llmgw.chat.ChatRequest;
import llmgw.chat.Completion;
import llmgw.chat.Usage;

/** Reads Anthropic's answers into the internal forms: text blocks, stop reasons, usage. */
final class AnthropicAnswers {
    private AnthropicAnswers() {}

    /** A whole Messages answer; throws IllegalArgumentException when the body is not one. */
    static Completion completion(JsonNode root, String upstreamModel, ChatRequest request) {
        if (!root.path("type").asText().equals("message") || !root.path("content").isArray()) {
            throw new IllegalArgumentException("not an Anthropic message");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : root.path("content")) {
            if (block.path("type").asText().equals("text")) text.append(block.path("text").asText());
        }
        String model = root.path("model").isTextual() ? root.path("model").asText() : upstreamModel;
        Usage usage = usage(root.path("usage").path("input_tokens"), root.path("usage").path("output_tokens"), request, text.length());
        return new Completion(model, List.of(new Completion.Choice(0, text.toString(), null,
                finishReason(root.path("stop_reason").asText(null)))), usage);
    }

    /** Anthropic's {@code stop_reason} as an OpenAI-style finish reason; null stays null (not finished). */
    static String finishReason(String stopReason) {
        if (stopReason == null) return null;
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /** The upstream's token counts where it sent them, an estimate for what it did not. */
    static Usage usage(JsonNode input, JsonNode output, ChatRequest request, int completionChars) {
        int in = input.isInt() ? input.asInt() : Usage.estimateTokens(request.promptChars());
        int out = output.isInt() ? output.asInt() : Usage.estimateTokens(completionChars);
        return new Usage(in, out);
    }
}
