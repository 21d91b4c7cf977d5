package llmgw.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import llmgw.api.Json;
import llmgw.chat.Completion;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;

/** Writes internal answers and errors in OpenAI's wire shapes. */
public final class OpenAiResponseEncoder {
    private OpenAiResponseEncoder() {}

    public static byte[] completion(String id, long created, String model, Completion c, List<String> citations) {
        ObjectNode root = header(id, "chat.completion", created, model);
        ArrayNode choices = root.putArray("choices");
        for (Completion.Choice choice : c.choices()) {
            ObjectNode ch = choices.addObject();
            ch.put("index", choice.index());
            ObjectNode message = ch.putObject("message");
            message.put("role", "assistant");
            message.put("content", choice.content());
            if (choice.extra() != null) message.setAll(choice.extra());
            ch.put("finish_reason", choice.finishReason());
        }
        root.set("usage", usage(c.usage()));
        if (citations != null) citations.forEach(root.withArray("citations")::add);
        return bytes(root);
    }

    /**
     * The first event of a stream: OpenAI announces the assistant role with empty content; llmgw adds
     * the {@code citations} here when the request carried context.
     */
    public static byte[] roleChunk(String id, long created, String model, List<String> citations) {
        ObjectNode root = node(id, created, model, new StreamChunk(0, "assistant", "", null, null));
        if (citations != null) citations.forEach(root.withArray("citations")::add);
        return bytes(root);
    }

    public static byte[] chunk(String id, long created, String model, StreamChunk chunk) {
        return bytes(node(id, created, model, chunk));
    }

    private static ObjectNode node(String id, long created, String model, StreamChunk chunk) {
        ObjectNode root = header(id, "chat.completion.chunk", created, model);
        ObjectNode ch = root.putArray("choices").addObject();
        ch.put("index", chunk.index());
        ObjectNode delta = ch.putObject("delta");
        if (chunk.role() != null) delta.put("role", chunk.role());
        if (chunk.content() != null) delta.put("content", chunk.content());
        if (chunk.extraDelta() != null) delta.setAll(chunk.extraDelta());
        if (chunk.finishReason() != null) ch.put("finish_reason", chunk.finishReason());
        else ch.putNull("finish_reason");
        return root;
    }

    /** The last event when {@code stream_options.include_usage} is set: no choices, only usage. */
    public static byte[] usageChunk(String id, long created, String model, Usage u) {
        ObjectNode root = header(id, "chat.completion.chunk", created, model);
        root.putArray("choices");
        root.set("usage", usage(u));
        return bytes(root);
    }

    public static byte[] error(GatewayError e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.message());
        err.put("type", e.type());
        if (e.param() != null) err.put("param", e.param());
        else err.putNull("param");
        err.put("code", e.code());
        return bytes(root);
    }

    private static ObjectNode header(String id, String object, long created, String model) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private static ObjectNode usage(Usage u) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("prompt_tokens", u.promptTokens());
        n.put("completion_tokens", u.completionTokens());
        n.put("total_tokens", u.totalTokens());
        return n;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
