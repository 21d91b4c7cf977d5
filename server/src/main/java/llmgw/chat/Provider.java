package llmgw.chat;

import java.util.List;
import llmgw.pipeline.GatewayError;

/** A model runtime the gateway can call. Implementations are thread-safe. */
public interface Provider extends AutoCloseable {

    /** Calls the model and waits for the whole answer. */
    Completion complete(ChatRequest request, String upstreamModel) throws ProviderException;

    /** Starts a streamed answer; returns once the upstream has accepted the call. */
    ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException;

    /** Embeds each user message of the request; the messages hold the inputs in order. */
    default Embeddings embed(ChatRequest request, String upstreamModel) throws ProviderException {
        throw new ProviderException(GatewayError.invalidRequest("embeddings_not_supported",
                "the provider behind this model does not serve embeddings"));
    }

    /** The models the upstream serves now (for discovery and health checks); throws when it cannot be asked. */
    default List<String> models() throws ProviderException {
        return List.of();
    }

    /** Releases connections and threads; the gateway calls it on stop. */
    @Override
    default void close() {}
}
