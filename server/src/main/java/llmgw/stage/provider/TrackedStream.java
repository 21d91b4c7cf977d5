package llmgw.stage.provider;

import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.stage.provider.routing.Endpoint;

/**
 * A stream that holds its endpoint's concurrency slot until closed and tells the endpoint how it went.
 * It is opened by reading the first chunk, so that an upstream failing at once fails before the client
 * has seen a byte.
 */
final class TrackedStream implements ChatStream {
    private final ChatStream inner;
    private final Endpoint endpoint;
    private final long startNanos;
    private StreamChunk first;
    private boolean firstTaken;
    private boolean failed;
    private boolean closed;

    private TrackedStream(ChatStream inner, Endpoint endpoint, long startNanos) {
        this.inner = inner;
        this.endpoint = endpoint;
        this.startNanos = startNanos;
    }

    /** Reads the first chunk; on failure the upstream stream is closed and the error thrown for failover. */
    static TrackedStream open(ChatStream upstream, Endpoint endpoint, long startNanos) throws ProviderException {
        TrackedStream s = new TrackedStream(upstream, endpoint, startNanos);
        try {
            s.first = upstream.next();
        } catch (ProviderException | RuntimeException e) {
            upstream.close();
            throw e;
        }
        return s;
    }

    @Override
    public StreamChunk next() throws ProviderException {
        if (!firstTaken) {
            firstTaken = true;
            return first;
        }
        try {
            return inner.next();
        } catch (ProviderException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public Usage usage() {
        return inner.usage();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            inner.close();
        } finally {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            if (failed) endpoint.failed(millis);
            else endpoint.succeeded(millis);
            endpoint.release();
        }
    }
}
