package llmgw.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import llmgw.chat.ChatRequest;
import llmgw.chat.Completion;
import llmgw.chat.Embeddings;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Operation;
import llmgw.pipeline.RequestDecoder;

/**
 * One API's wire format at the edge of the gateway (OpenAI, Anthropic, Ollama, ...): how its
 * requests become the internal {@link ChatRequest} and how answers and errors go back in its own
 * shapes. Every surface runs the same pipeline; only the codec differs.
 */
public interface ApiCodec extends RequestDecoder {

    /** How audit rows name the endpoint, e.g. {@code /v1/chat/completions}. */
    String endpoint();

    /** What the provider is asked for. */
    default Operation operation() {
        return Operation.CHAT;
    }

    /** A whole answer. */
    byte[] completion(Answer answer, Completion completion);

    /** Embeddings, for codecs whose operation is {@link Operation#EMBED}. */
    default byte[] embeddings(Answer answer, Embeddings embeddings) {
        throw new UnsupportedOperationException(endpoint() + " does not answer embeddings");
    }

    /** An error body in this API's own shape. */
    byte[] error(GatewayError error);

    /** A fresh encoder for one streamed answer. */
    StreamEncoder stream(Answer answer);

    /**
     * What every answer needs besides the content.
     *
     * @param model the model name as the client asked for it
     * @param citations the context chunk ids the answer may cite, or null
     */
    record Answer(String id, long created, String model, ChatRequest request, List<String> citations) {}

    /** Writes one streamed answer's frames: SSE events, NDJSON lines, ... Stateful, one per stream. */
    interface StreamEncoder {
        String contentType();

        /** Frames before the first chunk (a role announcement, a message start). */
        void start(OutputStream out) throws IOException;

        void chunk(OutputStream out, StreamChunk chunk) throws IOException;

        /** Frames after the last chunk, with the usage of the whole answer. */
        void end(OutputStream out, Usage usage) throws IOException;

        /** The error that ends a stream already under way. */
        void error(OutputStream out, GatewayError error) throws IOException;
    }
}
