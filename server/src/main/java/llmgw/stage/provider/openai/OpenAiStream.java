package llmgw.stage.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import llmgw.api.Json;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.http.UpstreamLines;

/**
 * Reads an upstream's Server-Sent Events. Each read is guarded by the read timeout: a watchdog
 * closes the connection when the upstream goes quiet, since a blocking read has no timeout of its own.
 */
final class OpenAiStream implements ChatStream {
    private final UpstreamLines lines;
    private final ChatRequest request;
    private final Deque<StreamChunk> pending = new ArrayDeque<>();
    private boolean done;
    private Usage usage;
    private int completionChars;

    OpenAiStream(InputStream body, Duration readTimeout, ChatRequest request) {
        this.lines = new UpstreamLines(body, readTimeout);
        this.request = request;
    }

    @Override
    public StreamChunk next() throws ProviderException {
        while (pending.isEmpty()) {
            if (done) return null;
            String line = lines.next();
            if (line == null) {
                done = true; // upstream closed without [DONE]: what arrived is the answer
                return null;
            }
            if (!line.startsWith("data:")) continue; // blank separators, comments, event names
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                done = true;
                continue;
            }
            parse(data);
        }
        return pending.poll();
    }

    private void parse(String data) throws ProviderException {
        JsonNode event = UpstreamLines.json(data);
        if (event.has("error")) {
            throw new ProviderException(GatewayError.badGateway("upstream_error", "the upstream reported an error mid-stream"));
        }
        if (event.path("usage").isObject()) usage = OpenAiProvider.usage(event.path("usage"), request, 0);
        for (JsonNode ch : event.path("choices")) {
            ChoiceParts c = ChoiceParts.of(ch, "delta", 0);
            if (c.content() == null && c.extra() == null && c.finishReason() == null) continue; // the role-only opener
            if (c.content() != null) completionChars += c.content().length();
            pending.add(new StreamChunk(c.index(), null, c.content(), c.extra(), c.finishReason()));
        }
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
