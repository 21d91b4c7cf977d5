package llmgw.chat;

import java.util.List;

/** Embedding vectors, one per input in input order, and the tokens they cost. */
public record Embeddings(String model, List<double[]> vectors, Usage usage) {
    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
