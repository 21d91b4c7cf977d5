package llmgw.stage.scan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import llmgw.chat.MessageTexts;
import llmgw.detect.Category;
import llmgw.detect.Finding;
import llmgw.detect.ScanEngine;
import llmgw.detect.ScanResult;
import llmgw.detect.redact.Placeholders;
import llmgw.detect.redact.Redactor;
import llmgw.pipeline.Detection;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Stage;

/**
 * Scans every text of the request. Per finding: block (400 naming the rules, never the value),
 * redact (numbered placeholders before the provider sees it) or alert (pass, record). A prompt
 * injection risk at or above the threshold in user or tool messages blocks or alerts.
 */
public final class RequestGuardStage implements Stage {
    private static final Set<String> UNTRUSTED_ROLES = Set.of("user", "tool", "function");

    private final ScanEngine engine;
    private final GuardConfig cfg;

    public RequestGuardStage(ScanEngine engine, GuardConfig cfg) {
        this.engine = engine;
        this.cfg = cfg;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        Placeholders placeholders = placeholders(ex);
        Set<String> blocked = new LinkedHashSet<>();
        ex.request(MessageTexts.rewrite(ex.request(), (index, role, location, text) -> {
            ScanResult result = engine.scan(text);
            List<Finding> redact = new ArrayList<>();
            for (Finding f : result.findings()) {
                if (f.category() == Category.INJECTION) continue;
                String action = cfg.actionFor(f);
                ex.detections().add(new Detection("request", location, f, action));
                if (action.equals("block")) blocked.add(f.ruleId() + " (" + f.category().wireName() + ") in " + location);
                if (action.equals("redact")) redact.add(f);
            }
            if (UNTRUSTED_ROLES.contains(role)) {
                ex.injectionScore(result.injectionScore());
                if (result.injectionScore() >= cfg.injection().threshold()) {
                    String action = cfg.injection().action();
                    List<Finding> evidence = result.injectionFindings();
                    if (evidence.isEmpty()) evidence = List.of(classifierFinding(result, text));
                    for (Finding f : evidence) ex.detections().add(new Detection("request", location, f, action));
                    if (action.equals("block")) {
                        blocked.add(ScanResult.ruleIds(evidence) + " (injection, risk " + String.format("%.2f", result.injectionScore()) + ") in " + location);
                    }
                }
            }
            return Redactor.apply(text, redact, placeholders);
        }));
        if (blocked.isEmpty()) return Outcome.NEXT;
        ex.reasons().addAll(blocked);
        return Outcome.reject(GatewayError.invalidRequest("content_blocked", "request blocked by the llmgw guard: " + String.join("; ", blocked)));
    }

    /** When only the classifier fired there is no pattern span: the whole text is the evidence. */
    private Finding classifierFinding(ScanResult result, String text) {
        return new Finding("inj.classifier", Category.INJECTION, "INJECTION", llmgw.detect.Severity.HIGH, 0, text.length(),
                result.classifierScore(), null);
    }

    /** One placeholder numbering per request, shared with the response guard so a value keeps its name. */
    static Placeholders placeholders(Exchange ex) {
        return ex.attribute(Placeholders.class, Placeholders::new);
    }
}
