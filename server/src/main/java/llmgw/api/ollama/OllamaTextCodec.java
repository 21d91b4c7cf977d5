package llmgw.api.ollama;

import java.io.IOException;
import java.io.OutputStream;
import llmgw.api.ApiCodec;
import llmgw.chat.Completion;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/**
 * Ollama's text answers, whole or streamed as NDJSON: one {@code done:false} line a piece, then a
 * {@code done:true} line with the done reason and the counts; an error after the start is a last
 * {@code {"error": ...}} line. Chat and generate differ only in where the text goes.
 */
abstract class OllamaTextCodec implements ApiCodec {
    private static final byte[] NEWLINE = {'\n'};

    private final OllamaResponseEncoder.Shape shape;

    OllamaTextCodec(OllamaResponseEncoder.Shape shape) {
        this.shape = shape;
    }

    @Override
    public byte[] completion(Answer a, Completion c) {
        Completion.Choice first = c.choices().isEmpty() ? null : c.choices().getFirst();
        String text = first == null || first.content() == null ? "" : first.content();
        return OllamaResponseEncoder.done(shape, a.model(), text, first == null ? null : first.finishReason(), c.usage());
    }

    @Override
    public byte[] error(GatewayError error) {
        return OllamaResponseEncoder.error(error);
    }

    @Override
    public StreamEncoder stream(Answer a) {
        return new StreamEncoder() {
            private String finishReason;

            @Override
            public String contentType() {
                return "application/x-ndjson";
            }

            @Override
            public void start(OutputStream out) {
                // Ollama sends no opening line: the first line already carries text.
            }

            @Override
            public void chunk(OutputStream out, StreamChunk chunk) throws IOException {
                if (chunk.finishReason() != null) finishReason = chunk.finishReason();
                if (chunk.content() != null && !chunk.content().isEmpty()) line(out, OllamaResponseEncoder.piece(shape, a.model(), chunk.content()));
            }

            @Override
            public void end(OutputStream out, Usage usage) throws IOException {
                line(out, OllamaResponseEncoder.done(shape, a.model(), "", finishReason, usage));
            }

            @Override
            public void error(OutputStream out, GatewayError error) throws IOException {
                line(out, OllamaResponseEncoder.error(error));
            }
        };
    }

    private static void line(OutputStream out, byte[] json) throws IOException {
        out.write(json);
        out.write(NEWLINE);
    }
}
