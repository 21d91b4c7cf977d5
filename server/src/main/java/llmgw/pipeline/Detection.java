package llmgw.pipeline;

import llmgw.detect.Finding;

/**
 * A finding and what the gateway did about it.
 *
 * @param phase {@code request}, {@code response} or {@code context}
 * @param location where in the exchange: {@code messages[2]}, {@code choices[0]}, {@code context.chunks[c7]}
 * @param action {@code block}, {@code redact}, {@code alert} or {@code drop}
 */
public record Detection(String phase, String location, Finding finding, String action) {}
