package llmgw.stage.provider.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.ProviderConfig;

/** Calling an upstream the same way for every HTTP provider: one kind of client, one way to wait, one way to fail. */
public final class UpstreamCalls {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private UpstreamCalls() {}

    /** An HTTP/1.1 client on virtual threads with the endpoint's connect timeout. */
    public static HttpClient client(ProviderConfig cfg) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(cfg.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The body of a streamed answer, or the client's error when the upstream refused (its body read, bounded). */
    public static InputStream streamBody(HttpResponse<InputStream> resp) throws ProviderException {
        InputStream body = resp.body();
        if (resp.statusCode() / 100 == 2) return body;
        try (body) {
            throw UpstreamErrors.fromStatus(resp.statusCode(), body.readNBytes(MAX_ERROR_BODY));
        } catch (IOException e) {
            throw UpstreamErrors.fromStatus(resp.statusCode(), new byte[0]);
        }
    }

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
