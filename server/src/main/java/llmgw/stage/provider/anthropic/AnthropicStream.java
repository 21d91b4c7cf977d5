package llmgw.stage.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.http.UpstreamLines;

/**
 * Reads Anthropic's Messages stream: {@code message_start} (input tokens), {@code content_block_delta}
 * text deltas, {@code message_delta} (stop reason, output tokens), {@code message_stop}, {@code error};
 * {@code ping} and the block start/stop events carry nothing the gateway needs. Every event's data
 * names its type, so the {@code event:} lines are skipped. Each read is guarded by the read timeout:
 * a watchdog closes the connection when the upstream goes quiet, since a blocking read has no timeout.
 */
final class AnthropicStream implements ChatStream {
    private final UpstreamLines lines;
    private final ChatRequest request;
    private final Deque<StreamChunk> pending = new ArrayDeque<>();
    private boolean done;
    private JsonNode inputTokens = MissingNode.getInstance();
    private JsonNode outputTokens = MissingNode.getInstance();
    private int completionChars;

    AnthropicStream(InputStream body, Duration readTimeout, ChatRequest request) {
        this.lines = new UpstreamLines(body, readTimeout);
        this.request = request;
    }

    @Override
    public StreamChunk next() throws ProviderException {
        while (pending.isEmpty()) {
            if (done) return null;
            String line = lines.next();
            if (line == null) {
                done = true; // upstream closed without message_stop: what arrived is the answer
                return null;
            }
            if (line.startsWith("data:")) parse(line.substring(5).trim());
        }
        return pending.poll();
    }

    private void parse(String data) throws ProviderException {
        JsonNode event = UpstreamLines.json(data);
        switch (event.path("type").asText()) {
            case "message_start" -> inputTokens = event.path("message").path("usage").path("input_tokens");
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                if (delta.path("type").asText().equals("text_delta") && !delta.path("text").asText().isEmpty()) {
                    completionChars += delta.path("text").asText().length();
                    pending.add(StreamChunk.text(delta.path("text").asText()));
                }
            }
            case "message_delta" -> {
                JsonNode usage = event.path("usage");
                if (usage.path("output_tokens").isInt()) outputTokens = usage.path("output_tokens");
                if (usage.path("input_tokens").isInt()) inputTokens = usage.path("input_tokens"); // counts here are cumulative
                String finish = AnthropicAnswers.finishReason(event.path("delta").path("stop_reason").asText(null));
                if (finish != null) pending.add(new StreamChunk(0, null, null, null, finish));
            }
            case "message_stop" -> done = true;
            case "error" -> throw new ProviderException(GatewayError.badGateway("upstream_error",
                    "the upstream reported an error mid-stream (" + event.path("error").path("type").asText("unknown") + ")"));
            default -> { } // ping, content_block_start, content_block_stop, events added later
        }
    }

    @Override
    public Usage usage() {
        return AnthropicAnswers.usage(inputTokens, outputTokens, request, completionChars);
    }

    @Override
    public void close() {
        lines.close(); // aborts the upstream exchange
    }
}
