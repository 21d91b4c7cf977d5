package llmgw.api.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import llmgw.api.ApiCodec;
import llmgw.api.Json;
import llmgw.chat.ChatRequest;
import llmgw.chat.Completion;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/**
 * {@code POST /v1/messages}: Anthropic's Messages shapes, streamed as Anthropic's named events
 * ({@code message_start}, {@code content_block_start}, {@code ping}, {@code content_block_delta}...,
 * {@code content_block_stop}, {@code message_delta}, {@code message_stop}; {@code error} on failure).
 */
public final class AnthropicMessagesCodec implements ApiCodec {
    private final AnthropicRequestDecoder decoder = new AnthropicRequestDecoder();

    @Override
    public String endpoint() {
        return "/v1/messages";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        return decoder.decode(body);
    }

    @Override
    public byte[] completion(Answer a, Completion c) {
        return AnthropicResponseEncoder.message(a.id(), a.model(), c);
    }

    @Override
    public byte[] error(GatewayError error) {
        return AnthropicResponseEncoder.error(error);
    }

    @Override
    public StreamEncoder stream(Answer a) {
        return new StreamEncoder() {
            private String stopReason;

            @Override
            public String contentType() {
                return "text/event-stream";
            }

            /** The prompt's tokens are not known before the end: the start carries the estimate, message_delta the count. */
            @Override
            public void start(OutputStream out) throws IOException {
                ObjectNode start = event("message_start");
                start.set("message", AnthropicResponseEncoder.startMessage(a.id(), a.model(),
                        Usage.estimateTokens(a.request().promptChars())));
                write(out, start);
                ObjectNode block = event("content_block_start");
                block.put("index", 0);
                block.putObject("content_block").put("type", "text").put("text", "");
                write(out, block);
                write(out, event("ping"));
            }

            @Override
            public void chunk(OutputStream out, StreamChunk chunk) throws IOException {
                if (chunk.finishReason() != null) stopReason = AnthropicResponseEncoder.stopReason(chunk.finishReason());
                if (chunk.content() == null || chunk.content().isEmpty()) return;
                ObjectNode delta = event("content_block_delta");
                delta.put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", chunk.content());
                write(out, delta);
            }

            @Override
            public void end(OutputStream out, Usage usage) throws IOException {
                write(out, event("content_block_stop").put("index", 0));
                ObjectNode delta = event("message_delta");
                delta.putObject("delta").put("stop_reason", stopReason == null ? "end_turn" : stopReason).putNull("stop_sequence");
                delta.set("usage", AnthropicResponseEncoder.usage(usage));
                write(out, delta);
                write(out, event("message_stop"));
            }

            @Override
            public void error(OutputStream out, GatewayError error) throws IOException {
                frame(out, "error", AnthropicResponseEncoder.error(error)); // no message_stop: the message did not finish
            }
        };
    }

    private static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private static void write(OutputStream out, ObjectNode event) throws IOException {
        frame(out, event.path("type").asText(), AnthropicResponseEncoder.bytes(event));
    }

    /** Server-Sent Events framing as Anthropic uses it: an {@code event:} line naming the type, then {@code data:}. */
    private static void frame(OutputStream out, String type, byte[] json) throws IOException {
        out.write(("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    }
}
