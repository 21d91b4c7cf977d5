package llmgw.api;

import llmgw.chat.Completion;
import llmgw.pipeline.Operation;

/**
 * A surface that answers embeddings only. The handler asks such a codec for embeddings, never for a
 * completion or a stream, so those two are programming errors here.
 */
public abstract class EmbeddingsCodec implements ApiCodec {

    @Override
    public final Operation operation() {
        return Operation.EMBED;
    }

    @Override
    public final byte[] completion(Answer answer, Completion completion) {
        throw new IllegalStateException(endpoint() + " answers embeddings only");
    }

    @Override
    public final StreamEncoder stream(Answer answer) {
        throw new IllegalStateException(endpoint() + " answers embeddings only");
    }
}
