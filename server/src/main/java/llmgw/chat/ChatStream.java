package llmgw.chat;

/**
 * A streamed answer, pulled one chunk at a time by the thread that writes to the client.
 * Closing it before the end cancels the upstream call.
 */
public interface ChatStream extends AutoCloseable {

    /** The next chunk, or null at the end of the stream. */
    StreamChunk next() throws ProviderException;

    /** Usage once the stream has ended; an estimate where the upstream reported none. */
    Usage usage();

    @Override
    void close();
}
