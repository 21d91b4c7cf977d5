package llmgw.chat;

/** Token counts reported by a provider (or estimated where it reports none). */
public record Usage(int promptTokens, int completionTokens) {
    public static final Usage NONE = new Usage(0, 0);

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The common rough estimate of four characters a token, at least one token for any text. */
    public static int estimateTokens(int chars) {
        return chars == 0 ? 0 : (chars + 3) / 4;
    }
}
