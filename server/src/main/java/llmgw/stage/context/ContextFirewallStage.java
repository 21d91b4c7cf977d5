package llmgw.stage.context;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import llmgw.chat.ChatRequest;
import llmgw.chat.RagContext;
import llmgw.detect.Finding;
import llmgw.detect.ScanEngine;
import llmgw.detect.ScanResult;
import llmgw.pipeline.Detection;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Stage;
import llmgw.stage.scan.DataGuard;

/**
 * Guards retrieved documents ({@code context}): the source must come from an allowed origin; a
 * chunk that reads like instructions to the model (indirect prompt injection) rejects the request
 * or is dropped, as configured; PII and secrets in chunks get the request guard's actions.
 */
public final class ContextFirewallStage implements Stage {
    private final ScanEngine engine;
    private final ContextConfig cfg;
    private final DataGuard dataGuard;
    private final List<URI> origins;

    public ContextFirewallStage(ScanEngine engine, ContextConfig cfg, DataGuard dataGuard) {
        this.engine = engine;
        this.cfg = cfg;
        this.dataGuard = dataGuard;
        this.origins = cfg.allowedOrigins().stream().map(ContextFirewallStage::parse).toList();
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        RagContext ctx = ex.request().context();
        if (ctx == null) return Outcome.NEXT;
        if (!origins.isEmpty() && (ctx.source() == null || origins.stream().noneMatch(o -> within(o, ctx.source())))) {
            return Outcome.reject(GatewayError.invalidParam("context.source", "context_origin_not_allowed",
                    "context.source " + (ctx.source() == null ? "is missing" : "'" + ctx.source() + "' is not an allowed origin")
                            + "; allowed: " + cfg.allowedOrigins()));
        }
        List<RagContext.Chunk> kept = new ArrayList<>();
        List<String> risky = new ArrayList<>();
        Set<String> blocked = new LinkedHashSet<>();
        String action = cfg.onRisk().equals("drop") ? "drop" : "block";
        for (RagContext.Chunk chunk : ctx.chunks()) {
            String location = "context.chunks[" + chunk.id() + "]";
            ScanResult r = engine.scan(chunk.content());
            if (r.injectionScore() < cfg.threshold()) {
                kept.add(new RagContext.Chunk(chunk.id(), dataGuard.apply(ex, "context", location, chunk.content(), r, blocked).forwarded()));
                continue;
            }
            List<Finding> evidence = r.injectionFindings();
            if (evidence.isEmpty()) evidence = List.of(new Finding("inj.classifier", llmgw.detect.Category.INJECTION, "INJECTION",
                    llmgw.detect.Severity.HIGH, 0, chunk.content().length(), r.classifierScore(), null));
            risky.add("chunk " + chunk.id() + " (" + ScanResult.ruleIds(evidence) + ", risk " + String.format("%.2f", r.injectionScore()) + ")");
            for (Finding f : evidence) ex.detections().add(new Detection("context", location, f, action));
        }
        if (!risky.isEmpty() && action.equals("block")) {
            return Outcome.reject(GatewayError.invalidParam("context", "context_injection",
                    "retrieved context looks like instructions to the model: " + String.join("; ", risky)));
        }
        if (!blocked.isEmpty()) {
            ex.reasons().addAll(blocked);
            return Outcome.reject(GatewayError.invalidParam("context", "content_blocked",
                    "request blocked by the llmgw guard: " + String.join("; ", blocked)));
        }
        risky.forEach(r -> ex.reasons().add("dropped context " + r));
        ChatRequest req = ex.request();
        ex.request(new ChatRequest(req.model(), req.messages(), req.maxTokens(), req.stream(), req.includeUsage(),
                new RagContext(ctx.source(), List.copyOf(kept)), req.params()));
        return Outcome.NEXT;
    }

    private static URI parse(String origin) {
        try {
            return URI.create(origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context.allowed_origins: '" + origin + "' is not a URL");
        }
    }

    /**
     * Same scheme, host and port, and a path under the allowed one on a segment boundary:
     * {@code https://docs.example.com.evil.net} is not under {@code https://docs.example.com}.
     */
    static boolean within(URI allowed, String source) {
        URI s;
        try {
            s = URI.create(source);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!eq(allowed.getScheme(), s.getScheme()) || !eq(allowed.getHost(), s.getHost()) || allowed.getPort() != s.getPort()) return false;
        if (allowed.getHost() == null && !eq(allowed.getAuthority(), s.getAuthority())) return false;
        String base = allowed.getPath() == null ? "" : allowed.getPath();
        String path = s.getPath() == null ? "" : s.getPath();
        if (base.isEmpty() || base.equals("/")) return true;
        if (!path.startsWith(base)) return false;
        return base.endsWith("/") || path.length() == base.length() || path.charAt(base.length()) == '/';
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
