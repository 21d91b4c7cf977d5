package llmgw.stage.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import llmgw.api.Json;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.detect.Finding;
import llmgw.detect.ScanEngine;
import llmgw.detect.redact.Placeholders;
import llmgw.detect.redact.StreamRedactor;

/**
 * A stream whose text passes through one {@link StreamRedactor} per choice and field: the content,
 * the refusal, and the arguments of each tool call, which arrive in pieces just like content does.
 */
final class RedactingChatStream implements ChatStream {
    private final ChatStream inner;
    private final ScanEngine engine;
    private final Placeholders placeholders;
    private final int customHold;
    private final BiConsumer<Integer, Finding> onFinding;
    /** Keyed by choice and field, e.g. {@code 0/content}, {@code 0/refusal}, {@code 0/tool/2}. */
    private final Map<String, StreamRedactor> redactors = new LinkedHashMap<>();
    private final Deque<StreamChunk> ready = new ArrayDeque<>();
    private boolean ended;

    RedactingChatStream(ChatStream inner, ScanEngine engine, Placeholders placeholders, int customHold,
                        BiConsumer<Integer, Finding> onFinding) {
        this.inner = inner;
        this.engine = engine;
        this.placeholders = placeholders;
        this.customHold = customHold;
        this.onFinding = onFinding;
    }

    @Override
    public StreamChunk next() throws ProviderException {
        while (ready.isEmpty()) {
            StreamChunk c = inner.next();
            if (c == null) {
                if (ended) return null;
                ended = true;
                for (int choice : redactors.keySet().stream().map(k -> Integer.parseInt(k.split("/")[0])).distinct().toList()) {
                    flush(choice);
                }
                continue;
            }
            String content = c.content() == null ? null : redactor(c.index(), "content").push(c.content());
            ObjectNode extra = c.extraDelta() == null ? null : redactExtra(c.index(), c.extraDelta().deepCopy());
            boolean empty = (content == null || content.isEmpty()) && extra == null && c.finishReason() == null && c.role() == null;
            if (c.finishReason() != null) {
                if (!empty || content != null) ready.add(new StreamChunk(c.index(), c.role(), content, extra, null));
                flush(c.index());
                ready.add(new StreamChunk(c.index(), null, null, null, c.finishReason()));
            } else if (!empty) {
                ready.add(new StreamChunk(c.index(), c.role(), content, extra, null));
            }
        }
        return ready.poll();
    }

    private StreamRedactor redactor(int choice, String field) {
        return redactors.computeIfAbsent(choice + "/" + field,
                k -> new StreamRedactor(engine, placeholders, customHold, f -> onFinding.accept(choice, f)));
    }

    /** Passes the text fields of a delta through their redactors; null when nothing is left to send. */
    private ObjectNode redactExtra(int choice, ObjectNode extra) {
        if (extra.path("refusal").isTextual()) extra.put("refusal", redactor(choice, "refusal").push(extra.path("refusal").asText()));
        int position = 0;
        for (JsonNode call : extra.path("tool_calls")) {
            int k = call.path("index").asInt(position++);
            if (call.path("function") instanceof ObjectNode fn && fn.path("arguments").isTextual()) {
                fn.put("arguments", redactor(choice, "tool/" + k).push(fn.path("arguments").asText()));
            }
        }
        return extra.isEmpty() ? null : extra;
    }

    /** Sends what a choice's redactors still hold, redacted: its content, refusal and tool-call arguments. */
    private void flush(int choice) {
        String prefix = choice + "/";
        for (var e : redactors.entrySet()) {
            if (!e.getKey().startsWith(prefix)) continue;
            String rest = e.getValue().finish();
            if (rest.isEmpty()) continue;
            String field = e.getKey().substring(prefix.length());
            if (field.equals("content")) {
                ready.add(new StreamChunk(choice, null, rest, null, null));
            } else if (field.equals("refusal")) {
                ready.add(new StreamChunk(choice, null, null, Json.MAPPER.createObjectNode().put("refusal", rest), null));
            } else {
                ObjectNode delta = Json.MAPPER.createObjectNode();
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", Integer.parseInt(field.substring("tool/".length())));
                call.putObject("function").put("arguments", rest);
                ready.add(new StreamChunk(choice, null, null, delta, null));
            }
        }
    }

    @Override
    public Usage usage() {
        return inner.usage();
    }

    @Override
    public void close() {
        inner.close();
    }
}
