package llmgw.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import llmgw.api.ApiCodec;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.Completion;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/**
 * {@code POST /v1/completions}, OpenAI's older text completion: the prompt becomes one user message,
 * so every provider can serve it and every guard sees it; answers come back as {@code text_completion}.
 */
public final class OpenAiCompletionsCodec implements ApiCodec {
    private static final Set<String> OWN_FIELDS = Set.of("model", "prompt", "stream", "stream_options", "max_tokens", "suffix", "echo", "best_of");

    @Override
    public String endpoint() {
        return "/v1/completions";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = OpenAiRequestDecoder.object(body);
        JsonNode model = OpenAiRequestDecoder.model(root);
        JsonNode prompt = root.get("prompt");
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) prompt = prompt.get(0);
        if (prompt == null || !prompt.isTextual()) {
            throw OpenAiRequestDecoder.bad("prompt", "invalid_type", "'prompt' is required and must be a string (or an array of one string)");
        }
        for (String unsupported : List.of("suffix", "echo", "best_of")) {
            JsonNode n = root.get(unsupported);
            if (n != null && !n.isNull() && !(n.isBoolean() && !n.asBoolean())) {
                throw OpenAiRequestDecoder.bad(unsupported, "unsupported_parameter", "'" + unsupported + "' is not supported by this gateway");
            }
        }
        boolean includeUsage = false;
        JsonNode options = root.get("stream_options");
        if (options != null && options.isObject()) includeUsage = OpenAiRequestDecoder.bool(options, "include_usage");
        ObjectNode params = Json.MAPPER.createObjectNode();
        root.properties().forEach(e -> {
            if (!OWN_FIELDS.contains(e.getKey())) params.set(e.getKey(), e.getValue());
        });
        List<ChatMessage> messages = List.of(new ChatMessage("user", prompt, Json.MAPPER.createObjectNode()));
        return new ChatRequest(model.asText(), messages, OpenAiRequestDecoder.maxTokens(root), OpenAiRequestDecoder.bool(root, "stream"),
                includeUsage, null, params);
    }

    @Override
    public byte[] completion(Answer a, Completion c) {
        ObjectNode root = header(a);
        var choices = root.putArray("choices");
        for (Completion.Choice ch : c.choices()) {
            choices.addObject().put("text", ch.content() == null ? "" : ch.content()).put("index", ch.index()).putNull("logprobs")
                    .put("finish_reason", ch.finishReason());
        }
        root.set("usage", usage(c.usage()));
        return bytes(root);
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
            public void start(OutputStream out) {}

            @Override
            public void chunk(OutputStream out, StreamChunk chunk) throws IOException {
                if (chunk.content() == null && chunk.finishReason() == null) return; // a role or tool delta has no text form
                ObjectNode root = header(a);
                ObjectNode ch = root.putArray("choices").addObject().put("text", chunk.content() == null ? "" : chunk.content())
                        .put("index", chunk.index()).putNull("logprobs");
                if (chunk.finishReason() == null) ch.putNull("finish_reason");
                else ch.put("finish_reason", chunk.finishReason());
                OpenAiChatCodec.Sse.data(out, bytes(root));
            }

            @Override
            public void end(OutputStream out, Usage usage) throws IOException {
                if (a.request().includeUsage()) {
                    ObjectNode root = header(a);
                    root.putArray("choices");
                    root.set("usage", usage(usage));
                    OpenAiChatCodec.Sse.data(out, bytes(root));
                }
                out.write(OpenAiChatCodec.Sse.DONE);
            }

            @Override
            public void error(OutputStream out, GatewayError error) throws IOException {
                OpenAiChatCodec.Sse.data(out, OpenAiResponseEncoder.error(error));
            }
        };
    }

    private static ObjectNode header(Answer a) {
        return Json.MAPPER.createObjectNode().put("id", "cmpl-" + a.id().substring(a.id().indexOf('-') + 1)).put("object", "text_completion")
                .put("created", a.created()).put("model", a.model());
    }

    private static ObjectNode usage(Usage u) {
        return Json.MAPPER.createObjectNode().put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens());
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
