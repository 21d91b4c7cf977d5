package llmgw.chat;

/** A model runtime the gateway can call. Implementations are thread-safe. */
public interface Provider extends AutoCloseable {

    /** Calls the model and waits for the whole answer. */
    Completion complete(ChatRequest request, String upstreamModel) throws ProviderException;

    /** Starts a streamed answer; returns once the upstream has accepted the call. */
    ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException;

    /** Releases connections and threads; the gateway calls it on stop. */
    @Override
    default void close() {}
}
