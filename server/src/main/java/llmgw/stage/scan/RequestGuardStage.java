package llmgw.stage.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import llmgw.chat.ChatRequest;
import llmgw.chat.MessageTexts;
import llmgw.detect.Category;
import llmgw.detect.Finding;
import llmgw.detect.ScanEngine;
import llmgw.detect.ScanResult;
import llmgw.detect.redact.Placeholders;
import llmgw.pipeline.Detection;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Stage;

/**
 * Scans every text the request carries to the model: messages (content, text parts, tool and
 * function-call arguments) and every string in the other request fields (tool descriptions,
 * schemas). Per finding: block (400 naming the rules, never the value), redact (numbered
 * placeholders before the provider sees it) or alert (pass, record). A prompt-injection risk at or
 * above the threshold in user or tool messages blocks or alerts.
 */
public final class RequestGuardStage implements Stage {
    private static final Set<String> UNTRUSTED_ROLES = Set.of("user", "tool", "function");

    private final ScanEngine engine;
    private final GuardConfig cfg;
    private final DataGuard data;

    public RequestGuardStage(ScanEngine engine, GuardConfig cfg) {
        this.engine = engine;
        this.cfg = cfg;
        this.data = new DataGuard(cfg);
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        Set<String> blocked = new LinkedHashSet<>();
        StringBuilder stored = new StringBuilder();
        ChatRequest rewritten = MessageTexts.rewrite(ex.request(), (index, role, location, text) -> {
            ScanResult result = engine.scan(text);
            DataGuard.Guarded g = data.apply(ex, "request", location, text, result, blocked);
            if (!stored.isEmpty()) stored.append('\n');
            stored.append(role).append(": ").append(g.stored());
            if (UNTRUSTED_ROLES.contains(role)) checkInjection(ex, location, text, result, blocked);
            return g.forwarded();
        });
        ObjectNode params = rewritten.params().deepCopy();
        guardStrings(ex, params, "params", blocked);
        ex.request(new ChatRequest(rewritten.model(), rewritten.messages(), rewritten.maxTokens(), rewritten.stream(),
                rewritten.includeUsage(), rewritten.context(), params));
        ex.auditPrompt(stored.toString());
        if (blocked.isEmpty()) return Outcome.NEXT;
        ex.reasons().addAll(blocked);
        return Outcome.reject(GatewayError.invalidRequest("content_blocked", "request blocked by the llmgw guard: " + String.join("; ", blocked)));
    }

    private void checkInjection(Exchange ex, String location, String text, ScanResult result, Set<String> blocked) {
        ex.injectionScore(result.injectionScore());
        if (result.injectionScore() < cfg.injection().threshold()) return;
        String action = cfg.injection().action();
        List<Finding> evidence = result.injectionFindings();
        if (evidence.isEmpty()) evidence = List.of(classifierFinding(result, text));
        for (Finding f : evidence) ex.detections().add(new Detection("request", location, f, action));
        if (action.equals("block")) {
            blocked.add(ScanResult.ruleIds(evidence) + " (injection, risk " + String.format("%.2f", result.injectionScore()) + ") in " + location);
        }
    }

    /** Every string in the other request fields, however deep: secrets in a tool description are secrets too. */
    private void guardStrings(Exchange ex, JsonNode node, String path, Set<String> blocked) {
        if (node instanceof ObjectNode obj) {
            for (var it = obj.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String at = path + "." + e.getKey();
                if (e.getValue().isTextual()) obj.set(e.getKey(), TextNode.valueOf(guardOne(ex, at, e.getValue().asText(), blocked)));
                else guardStrings(ex, e.getValue(), at, blocked);
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                String at = path + "[" + i + "]";
                if (arr.get(i).isTextual()) arr.set(i, TextNode.valueOf(guardOne(ex, at, arr.get(i).asText(), blocked)));
                else guardStrings(ex, arr.get(i), at, blocked);
            }
        }
    }

    private String guardOne(Exchange ex, String location, String text, Set<String> blocked) {
        return data.apply(ex, "request", location, text, engine.scanData(text), blocked).forwarded();
    }

    /** When only the classifier fired there is no pattern span: the whole text is the evidence. */
    static Finding classifierFinding(ScanResult result, String text) {
        return new Finding("inj.classifier", Category.INJECTION, "INJECTION", llmgw.detect.Severity.HIGH, 0, text.length(),
                result.classifierScore(), null);
    }

    /** One placeholder numbering per request, shared with the response guard so a value keeps its name. */
    static Placeholders placeholders(Exchange ex) {
        return ex.attribute(Placeholders.class, Placeholders::new);
    }
}
