package llmgw.api.openai;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import llmgw.api.ApiCodec;
import llmgw.chat.ChatRequest;
import llmgw.chat.Completion;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/** {@code POST /v1/chat/completions}: OpenAI's chat shapes, streamed as Server-Sent Events. */
public final class OpenAiChatCodec implements ApiCodec {
    private final OpenAiRequestDecoder decoder = new OpenAiRequestDecoder();

    @Override
    public String endpoint() {
        return "/v1/chat/completions";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        return decoder.decode(body);
    }

    @Override
    public byte[] completion(Answer a, Completion c) {
        return OpenAiResponseEncoder.completion(a.id(), a.created(), a.model(), c, a.citations());
    }

    @Override
    public byte[] error(GatewayError error) {
        return OpenAiResponseEncoder.error(error);
    }

    @Override
    public StreamEncoder stream(Answer a) {
        return new StreamEncoder() {
            @Override
            public String contentType() {
                return "text/event-stream";
            }

            @Override
            public void start(OutputStream out) throws IOException {
                Sse.data(out, OpenAiResponseEncoder.roleChunk(a.id(), a.created(), a.model(), a.citations()));
            }

            @Override
            public void chunk(OutputStream out, StreamChunk chunk) throws IOException {
                Sse.data(out, OpenAiResponseEncoder.chunk(a.id(), a.created(), a.model(), chunk));
            }

            @Override
            public void end(OutputStream out, Usage usage) throws IOException {
                if (a.request().includeUsage()) Sse.data(out, OpenAiResponseEncoder.usageChunk(a.id(), a.created(), a.model(), usage));
                out.write(Sse.DONE);
            }

            @Override
            public void error(OutputStream out, GatewayError error) throws IOException {
                Sse.data(out, OpenAiResponseEncoder.error(error)); // no [DONE]: the stream did not finish
            }
        };
    }

    /** Server-Sent Events framing as OpenAI uses it: {@code data:} lines only. */
    static final class Sse {
        static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

        private Sse() {}

        static void data(OutputStream out, byte[] json) throws IOException {
            out.write(DATA);
            out.write(json);
            out.write(END);
        }
    }
}
