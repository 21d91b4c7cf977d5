package llmgw.stage.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.pipeline.Detection;
import java.util.stream.Collectors;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;
import llmgw.stage.budget.Charge;

/** Writes one audit row for every request, whatever became of it. */
public final class AuditStage implements Stage {
    private final AuditWriter writer;
    private final boolean storeBodies;

    public AuditStage(AuditWriter writer, AuditConfig cfg) {
        this.writer = writer;
        this.storeBodies = cfg.storeBodies();
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        ex.captureBodies(storeBodies);
        return Outcome.NEXT;
    }

    @Override
    public void onComplete(Exchange ex) {
        if (ex.turnedAway()) writer.offer(record(ex)); // an overload's rows must not wait where admitted requests are bounded
        else writer.submit(record(ex));
    }

    AuditRecord record(Exchange ex) {
        Principal p = ex.principal();
        int status = ex.status();
        String decision = ex.error() == null ? "allow" : status >= 500 || "upstream_error".equals(ex.error().type()) ? "error" : "deny";
        if (ex.error() == null && status == 0) decision = "error";
        String prompt = null;
        if (storeBodies && ex.auditPrompt() != null) {
            prompt = ex.auditPrompt(); // the request guard's copy, with every finding masked
        } else if (storeBodies && ex.request() != null) {
            prompt = ex.request().messages().stream().map(m -> m.role() + ": " + m.text()).collect(Collectors.joining("\n"));
        }
        return new AuditRecord(0, ex.requestId(), ex.receivedAt().toEpochMilli(),
                p == null ? null : p.tenant(), p == null ? null : p.subject(), ex.clientIp(), ex.endpoint(),
                ex.request() == null ? null : ex.request().model(), ex.route() == null ? null : ex.route().provider(),
                status, decision, List.copyOf(ex.reasons()), ex.elapsedMillis(),
                ex.usage().promptTokens(), ex.usage().completionTokens(), ex.streamed(),
                ex.error() == null ? null : ex.error().code(), prompt, storeBodies ? ex.answerText() : null,
                ex.injectionScore() < 0 ? null : ex.injectionScore(), summary(ex.detections()), detections(ex.detections()),
                governance(ex));
    }

    private static AuditRecord.Governance governance(Exchange ex) {
        Principal p = ex.principal();
        Charge c = ex.charge();
        return new AuditRecord.Governance(p == null ? null : p.keyId(), p == null ? null : p.tier(),
                ex.policy() == null ? null : ex.policy().version(), c == null ? null : c.costTier(),
                c == null ? 0 : c.units(), c == null ? null : c.costUsd(), ex.cacheStatus());
    }

    private static List<AuditDetection> detections(List<Detection> found) {
        return found.stream().map(d -> new AuditDetection(d.phase(), d.location(), d.finding().ruleId(), d.finding().category().wireName(),
                d.finding().entity(), d.finding().severity().wireName(), d.action(), d.finding().start(), d.finding().end(),
                d.finding().fingerprint())).toList();
    }

    /** One short line for the request row: what was found and done, counted. */
    static String summary(List<Detection> found) {
        if (found.isEmpty()) return null;
        Map<String, Long> counts = found.stream().collect(Collectors.groupingBy(
                d -> (d.finding().category() == llmgw.detect.Category.INJECTION ? d.finding().ruleId() : d.finding().entity()) + ":" + d.action(),
                LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
