package llmgw.stage.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import llmgw.api.Json;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.openai.UpstreamErrors;

/**
 * Reads Ollama's streamed answer: one JSON object a line, {@code done:false} with a piece of the
 * message, then {@code done:true} with the done reason and the counts. A watchdog closes the
 * connection when the upstream is silent for the read timeout, since a blocking read has none.
 */
final class OllamaStream implements ChatStream {
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    /** Cancelled alarms leave the queue at once: one is set per line read, across every open stream. */
    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "llmgw-ollama-watchdog");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    private final InputStream body;
    private final BufferedReader reader;
    private final Duration readTimeout;
    private final ChatRequest request;
    private volatile boolean timedOut;
    private boolean done;
    private Usage usage;
    private int completionChars;

    OllamaStream(InputStream body, Duration readTimeout, ChatRequest request) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.readTimeout = readTimeout;
        this.request = request;
    }

    @Override
    public StreamChunk next() throws ProviderException {
        while (!done) {
            String line = readLine();
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
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response", "the upstream sent a line that is not JSON"), e);
        }
        if (event == null || !event.isObject()) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response", "the upstream sent a line that is not a JSON object"));
        }
        if (event.has("error")) {
            throw new ProviderException(GatewayError.badGateway("upstream_error", "the upstream reported an error mid-stream"));
        }
        return event;
    }

    private String readLine() throws ProviderException {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(this::expire, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return reader.readLine();
        } catch (IOException e) {
            if (timedOut) throw UpstreamErrors.timeout("no data for " + readTimeout.toSeconds() + "s while streaming");
            throw new ProviderException(GatewayError.badGateway("upstream_error", "the upstream stream broke off"), e);
        } finally {
            alarm.cancel(false);
        }
    }

    private void expire() {
        timedOut = true;
        close();
    }

    @Override
    public Usage usage() {
        if (usage != null) return usage;
        return new Usage(Usage.estimateTokens(request.promptChars()), Usage.estimateTokens(completionChars));
    }

    @Override
    public void close() {
        try {
            body.close(); // closing the body aborts the upstream exchange
        } catch (IOException e) {
            // already closed
        }
    }
}
