package llmgw.stage.provider.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.ProviderConfig;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Calling an upstream the same way for every HTTP provider: one kind of client, one way to wait, one way
 * to fail. Jetty's client, which cost a third less per call than the JDK's on the gateway's path
 * (docs/BENCHMARKS.md). Every call is bounded: the connect timeout, then the endpoint's read timeout
 * for a whole answer or for the head of a stream (the lines of a stream are guarded by {@link UpstreamLines}).
 */
public final class UpstreamClient implements AutoCloseable {
    /** The largest whole answer read: a model list or an embeddings batch can be large, but not this large. */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Streams beyond this many to one upstream would wait in line: the gateway's own limits come first. */
    private static final int MAX_CONNECTIONS_PER_UPSTREAM = 4096;

    private final HttpClient client;
    private final String base;
    private final Duration readTimeout;

    /** An answer read whole. */
    public record Reply(int status, byte[] body) {
        /** This reply, or the client's error for a non-2xx status. */
        public Reply ok() throws ProviderException {
            if (status / 100 != 2) throw UpstreamErrors.fromStatus(status, body);
            return this;
        }
    }

    public UpstreamClient(ProviderConfig cfg) {
        this.base = cfg.baseUrl().replaceAll("/+$", "");
        this.readTimeout = cfg.readTimeout();
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        // The answer's listeners here never block (they fill a buffer, or a queue a request thread reads): the
        // selector thread that read the bytes runs them, sparing each answer a hand-off to a pool thread.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        client.setExecutor(Shared.EXECUTOR);
        client.setScheduler(Shared.SCHEDULER);
        client.setConnectTimeout(cfg.connectTimeout().toMillis());
        client.setIdleTimeout(30_000); // pooled connections; a call in progress has the read timeout (below)
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_UPSTREAM);
        client.setMaxRequestsQueuedPerDestination(MAX_CONNECTIONS_PER_UPSTREAM);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "llmgw"));
        // No cookies: one an upstream sets (a load balancer's stickiness) would ride on every tenant's later calls.
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            client.start();
            // Answers pass through as they are: no 401 challenge handling (that would hide upstream_auth_failed), no
            // redirects, and no compression asked for (a streamed answer is passed on as it comes).
            client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
            client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
            client.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
            client.getContentDecoderFactories().clear();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for upstream " + cfg.name(), e);
        }
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** POSTs JSON to {@code path} under the upstream's base URL and reads the whole answer within the read timeout. */
    public Reply post(String path, Map<String, String> headers, byte[] json) throws ProviderException {
        return send(request(path, headers).method(HttpMethod.POST).body(new BytesRequestContent("application/json", json)));
    }

    public Reply get(String path, Map<String, String> headers) throws ProviderException {
        return send(request(path, headers).method(HttpMethod.GET));
    }

    /**
     * POSTs JSON and returns the body of the streamed answer once its head has arrived (within the read
     * timeout); a non-2xx status is thrown as the client's error. Closing the body aborts the call.
     */
    public InputStream stream(String path, Map<String, String> headers, byte[] json) throws ProviderException {
        Request req = request(path, headers).method(HttpMethod.POST).body(new BytesRequestContent("application/json", json));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        req.send(listener);
        Response head = await(req, listener::get);
        InputStream body = new AbortingStream(listener.getInputStream(), req);
        if (head.getStatus() / 100 == 2) return body;
        try (body) {
            throw UpstreamErrors.fromStatus(head.getStatus(), body.readNBytes(MAX_ERROR_BODY));
        } catch (IOException e) {
            throw UpstreamErrors.fromStatus(head.getStatus(), new byte[0]);
        }
    }

    private Request request(String path, Map<String, String> headers) {
        // While a call is in progress its connection may be quiet for as long as the read timeout allows; the
        // stream watchdog fires first (a few seconds' margin), so a quiet stream is reported as a timeout.
        Request req = client.newRequest(base + path).idleTimeout(readTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        req.headers(h -> headers.forEach(h::put));
        return req;
    }

    private Reply send(Request req) throws ProviderException {
        req.timeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ContentResponse resp = await(req, new CompletableResponseListener(req, MAX_ANSWER_BYTES).send()::get);
        return new Reply(resp.getStatus(), resp.getContent());
    }

    /**
     * A streamed body whose close also aborts the call: closing Jetty's stream alone leaves the exchange
     * open until the upstream sends again, which a model that is still thinking may not do for a while.
     */
    private static final class AbortingStream extends FilterInputStream {
        private final Request req;

        AbortingStream(InputStream in, Request req) {
            super(in);
            this.req = req;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                req.abort(new AsynchronousCloseException()); // a no-op once the answer is complete
            }
        }
    }

    /** How a call's result is waited for: a future's {@code get}, or a stream listener's. */
    private interface Waiting<T> {
        T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** Waits for the answer (or a stream's head) within the read timeout; on timeout or interrupt the call is aborted. */
    private <T> T await(Request req, Waiting<T> result) throws ProviderException {
        try {
            return result.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            req.abort(e);
            throw UpstreamErrors.timeout("no response within " + readTimeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw UpstreamErrors.fromIo(e.getCause(), "read timeout " + readTimeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            req.abort(e);
            Thread.currentThread().interrupt();
            throw UpstreamErrors.timeout("interrupted");
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping frees connections; nothing else to do when it fails
        }
    }

    /** One thread pool and one timer for every upstream client, started once: endpoints come and go with config. */
    private static final class Shared {
        static final QueuedThreadPool EXECUTOR = started(pool());
        static final Scheduler SCHEDULER = started(new ScheduledExecutorScheduler("llmgw-upstream-timer", true));

        private static QueuedThreadPool pool() {
            // Each client's selector keeps one thread, so the ceiling is high; threads are made when needed.
            QueuedThreadPool pool = new QueuedThreadPool(1024, 2);
            pool.setName("llmgw-upstream");
            pool.setDaemon(true);
            return pool;
        }

        private static <T extends org.eclipse.jetty.util.component.LifeCycle> T started(T component) {
            try {
                component.start();
                return component;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the upstream HTTP client's threads", e);
            }
        }
    }
}
