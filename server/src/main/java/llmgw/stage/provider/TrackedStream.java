package llmgw.stage.provider;

import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.stage.provider.routing.Endpoint;

/** A stream that holds its endpoint's concurrency slot until closed and tells the endpoint how it went. */
final class TrackedStream implements ChatStream {
    private final ChatStream inner;
    private final Endpoint endpoint;
    private final long startNanos;
    private boolean failed;
    private boolean closed;

    TrackedStream(ChatStream inner, Endpoint endpoint, long startNanos) {
        this.inner = inner;
        this.endpoint = endpoint;
        this.startNanos = startNanos;
    }

    @Override
    public StreamChunk next() throws ProviderException {
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
            if (failed) endpoint.failed();
            else endpoint.succeeded((System.nanoTime() - startNanos) / 1_000_000);
            endpoint.release();
        }
    }
}
