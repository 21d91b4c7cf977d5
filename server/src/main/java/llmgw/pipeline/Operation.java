package llmgw.pipeline;

/** What a request asks a provider for. */
public enum Operation {
    /** A chat (or text) completion, whole or streamed. */
    CHAT,
    /** Embedding vectors for each input; the inputs travel as the request's user messages. */
    EMBED
}
