package llmgw.stage.scan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.detect.Finding;
import llmgw.detect.ScanEngine;
import llmgw.detect.redact.Placeholders;
import llmgw.detect.redact.StreamRedactor;

/** A stream whose content passes through one {@link StreamRedactor} per choice. */
final class RedactingChatStream implements ChatStream {
    private final ChatStream inner;
    private final ScanEngine engine;
    private final Placeholders placeholders;
    private final int customHold;
    private final BiConsumer<Integer, Finding> onFinding;
    private final Map<Integer, StreamRedactor> redactors = new TreeMap<>();
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
                redactors.forEach((index, r) -> {
                    String rest = r.finish();
                    if (!rest.isEmpty()) ready.add(new StreamChunk(index, null, rest, null, null));
                });
                continue;
            }
            StreamRedactor r = redactors.computeIfAbsent(c.index(),
                    i -> new StreamRedactor(engine, placeholders, customHold, f -> onFinding.accept(i, f)));
            String content = c.content() == null ? null : r.push(c.content());
            if (c.finishReason() != null) content = (content == null ? "" : content) + r.finish();
            boolean empty = (content == null || content.isEmpty()) && c.extraDelta() == null && c.finishReason() == null && c.role() == null;
            if (!empty) ready.add(new StreamChunk(c.index(), c.role(), content, c.extraDelta(), c.finishReason()));
        }
        return ready.poll();
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
