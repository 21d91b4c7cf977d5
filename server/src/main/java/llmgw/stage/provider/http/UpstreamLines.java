package llmgw.stage.provider.http;

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
import llmgw.chat.ProviderException;
import llmgw.pipeline.GatewayError;

/**
 * The lines of a streamed upstream answer (Server-Sent Events or NDJSON). Each read is guarded by the
 * read timeout: a watchdog closes the connection when the upstream goes quiet, since a blocking read
 * has no timeout of its own. Closing the body aborts the upstream exchange.
 */
public final class UpstreamLines implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    /** Cancelled alarms leave the queue at once: one is set per line read, across every open stream. */
    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "llmgw-upstream-watchdog");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    private final InputStream body;
    private final BufferedReader reader;
    private final Duration readTimeout;
    private volatile boolean timedOut;

    public UpstreamLines(InputStream body, Duration readTimeout) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.readTimeout = readTimeout;
    }

    /** The next line, or null when the upstream closed the stream. */
    public String next() throws ProviderException {
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

    /** One event of the stream as JSON (an SSE event's data, or an NDJSON line); text that is not JSON is a bad answer. */
    public static JsonNode json(String text) throws ProviderException {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response", "the upstream sent a stream event that is not JSON"), e);
        }
    }

    private void expire() {
        timedOut = true;
        close();
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
