package llmgw.chat;

import java.util.List;

/** Retrieved documents sent beside the conversation ({@code context: {source, chunks}}). */
public record RagContext(String source, List<Chunk> chunks) {
    public record Chunk(String id, String content) {}
}
