package llmgw.stage.provider.http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import llmgw.chat.ProviderException;

/** Waiting for an upstream's answer the same way for every HTTP provider. */
public final class UpstreamCalls {
    private UpstreamCalls() {}

    /** Waits for the response head within the read timeout; on timeout the upstream call is cancelled. */
    public static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, Duration readTimeout) throws ProviderException {
        try {
            return future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw UpstreamErrors.timeout("no response within " + readTimeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw UpstreamErrors.fromIo(e.getCause(), "read timeout " + readTimeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw UpstreamErrors.timeout("interrupted");
        }
    }
}
