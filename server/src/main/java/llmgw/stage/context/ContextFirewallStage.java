package llmgw.stage.context;

import java.util.ArrayList;
import java.util.List;
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

/**
 * Guards retrieved documents ({@code context}): the source must come from an allowed origin, and
 * a chunk that reads like instructions to the model (indirect prompt injection) rejects the request
 * or is dropped, as configured.
 */
public final class ContextFirewallStage implements Stage {
    private final ScanEngine engine;
    private final ContextConfig cfg;

    public ContextFirewallStage(ScanEngine engine, ContextConfig cfg) {
        this.engine = engine;
        this.cfg = cfg;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        RagContext ctx = ex.request().context();
        if (ctx == null) return Outcome.NEXT;
        if (!cfg.allowedOrigins().isEmpty() && (ctx.source() == null || cfg.allowedOrigins().stream().noneMatch(ctx.source()::startsWith))) {
            return Outcome.reject(GatewayError.invalidParam("context.source", "context_origin_not_allowed",
                    "context.source " + (ctx.source() == null ? "is missing" : "'" + ctx.source() + "' is not an allowed origin")
                            + "; allowed: " + cfg.allowedOrigins()));
        }
        List<RagContext.Chunk> kept = new ArrayList<>();
        List<String> risky = new ArrayList<>();
        String action = cfg.onRisk().equals("drop") ? "drop" : "block";
        for (RagContext.Chunk chunk : ctx.chunks()) {
            ScanResult r = engine.scan(chunk.content());
            if (r.injectionScore() < cfg.threshold()) {
                kept.add(chunk);
                continue;
            }
            List<Finding> evidence = r.injectionFindings();
            String rules = evidence.isEmpty() ? "inj.classifier" : ScanResult.ruleIds(evidence);
            risky.add("chunk " + chunk.id() + " (" + rules + ", risk " + String.format("%.2f", r.injectionScore()) + ")");
            for (Finding f : evidence) ex.detections().add(new Detection("context", "context.chunks[" + chunk.id() + "]", f, action));
        }
        if (risky.isEmpty()) return Outcome.NEXT;
        if (action.equals("block")) {
            return Outcome.reject(GatewayError.invalidParam("context", "context_injection",
                    "retrieved context looks like instructions to the model: " + String.join("; ", risky)));
        }
        risky.forEach(r -> ex.reasons().add("dropped context " + r));
        ChatRequest req = ex.request();
        ex.request(new ChatRequest(req.model(), req.messages(), req.maxTokens(), req.stream(), req.includeUsage(),
                new RagContext(ctx.source(), List.copyOf(kept)), req.params()));
        return Outcome.NEXT;
    }
}
