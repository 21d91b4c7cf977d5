package llmgw.stage.context;

import java.util.List;
import llmgw.config.Lists;
import llmgw.config.Problems;

/**
 * The retrieval-context firewall.
 *
 * @param allowedOrigins prefixes a {@code context.source} must start with; empty allows any
 *                       ({@code ALLOWED_CONTEXT_ORIGINS}, comma-separated, overrides)
 * @param onRisk {@code reject} the request, or {@code drop} the risky chunks and go on
 * @param threshold injection risk at which a chunk counts as risky
 */
public record ContextConfig(List<String> allowedOrigins, String onRisk, Double threshold) {
    public ContextConfig {
        allowedOrigins = Lists.present(allowedOrigins);
        if (onRisk == null) onRisk = "reject";
        if (threshold == null) threshold = 0.5;
    }

    public static ContextConfig defaults() {
        return new ContextConfig(null, null, null);
    }

    public ContextConfig withAllowedOrigins(List<String> origins) {
        return new ContextConfig(origins, onRisk, threshold);
    }

    public void validate(Problems p) {
        if (!onRisk.equals("reject") && !onRisk.equals("drop")) p.add("context.on_risk", "is '" + onRisk + "'; use reject or drop");
        if (threshold < 0 || threshold > 1) p.add("context.threshold", "is " + threshold + "; use a number from 0 to 1");
        for (int i = 0; i < allowedOrigins.size(); i++) {
            try {
                java.net.URI u = java.net.URI.create(allowedOrigins.get(i));
                if (u.getScheme() == null) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                p.add("context.allowed_origins[" + i + "]", "'" + allowedOrigins.get(i) + "' is not a URL such as https://kb.example.com/docs/");
            }
        }
    }
}
