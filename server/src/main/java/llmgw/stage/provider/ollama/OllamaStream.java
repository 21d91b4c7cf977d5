package llmgw.stage.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Duration;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.http.UpstreamLines;

/**
 * Reads Ollama's streamed answer: one JSON object a line, {@code done:false} with a piece of the
 * message, then {@code done:true} with the done reason and the counts. A watchdog closes the
 * connection when the upstream is silent for the read timeout, since a blocking read has none.
 */
final class OllamaStream implements ChatStream {
    private final UpstreamLines lines;
    private final ChatRequest request;
    private boolean done;
    private Usage usage;
    private int completionChars;

    OllamaStream(InputStream body, Duration readTimeout, ChatRequest request) {
        this.lines = new UpstreamLines(body, readTimeout);
        this.request = request;
    }

    @Override
    public StreamChunk next() throws ProviderException {
        while (!done) {
            String line = lines.next();
            if (line == null) {
                done = true; // the upstream closed without done:true: what arrived is the answer
                return null;
            }
            if (line.isBlank()) continue;
            JsonNode event = parse(line);
            String text = event.path("message").path("content").asText("");
            completionChars += text.length();
            if (event.path("done").asBoolean(false)) {
                done = true;
                usage = OllamaChat.usage(event, request, completionChars);
                return new StreamChunk(0, null, text.isEmpty() ? null : text, null, OllamaChat.finishReason(event.path("done_reason")));
            }
            if (text.isEmpty()) continue; // thinking-only or empty pieces carry nothing the client reads
            return StreamChunk.text(text);
        }
        return null;
    }

    private JsonNode parse(String line) throws ProviderException {
        JsonNode event = UpstreamLines.json(line);
        if (event == null || !event.isObject()) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response", "the upstream sent a line that is not a JSON object"));
        }
        if (event.has("error")) {
            throw new ProviderException(GatewayError.badGateway("upstream_error", "the upstream reported an error mid-stream"));
        }
        return event;
    }

    @Override
    public Usage usage() {
        if (usage != null) return usage;
        return new Usage(Usage.estimateTokens(request.promptChars()), Usage.estimateTokens(completionChars));
    }

    @Override
    public void close() {
        lines.close(); // aborts the upstream exchange
    }
}
