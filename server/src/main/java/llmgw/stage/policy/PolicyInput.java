package llmgw.stage.policy;

import java.util.List;

/**
 * Everything a policy may look at for one request; OPA receives it as {@code input} with these
 * field names in snake case.
 *
 * @param keyId the API key's id when the caller used one, else null
 * @param tier the caller's tier (from the API key or the token's {@code tier} claim), else null
 * @param provider the provider the model routes to
 * @param endpoint the API path called, e.g. {@code /v1/chat/completions}
 * @param tools whether the request offers the model tools or functions
 * @param maxTokens the answer cap the client asked for, or null
 * @param scan what the request guards found before policy ran
 */
public record PolicyInput(
        String tenant,
        String subject,
        String role,
        String tier,
        String keyId,
        String model,
        String provider,
        String endpoint,
        boolean stream,
        boolean tools,
        Integer maxTokens,
        Scan scan) {

    /**
     * @param injectionScore the highest prompt-injection score, or -1 when the request was not scanned
     * @param findings one entry per finding: {@code category:entity:action}, e.g. {@code pii:EMAIL:redact}
     */
    public record Scan(double injectionScore, List<String> findings) {
        public static final Scan NONE = new Scan(-1, List.of());

        public Scan {
            findings = List.copyOf(findings);
        }
    }
}
