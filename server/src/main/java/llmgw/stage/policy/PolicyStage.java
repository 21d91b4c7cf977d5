package llmgw.stage.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import llmgw.chat.ChatRequest;
import llmgw.pipeline.Detection;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;
import llmgw.stage.provider.ModelRoute;

/**
 * Asks the policy engine about the request once it is authenticated, validated and scanned, and
 * records the decision (allow or deny, reasons, policy version) for the audit row. A cap on
 * {@code max_tokens} from the policy is applied to requests that set none. A route other than the one
 * decided on (failover, a fallback chain) is judged again, with the caller's own {@code max_tokens},
 * and takes that route's cap.
 */
public final class PolicyStage implements Stage {
    private final PolicyEngine engine;

    public PolicyStage(PolicyEngine engine) {
        this.engine = engine;
    }

    /** Marks a request whose {@code max_tokens} came from policy, not from the caller (who asked for none). */
    private record CappedByPolicy() {}

    @Override
    public Outcome onRequest(Exchange ex) {
        PolicyDecision d = engine.decide(input(ex));
        ex.policy(d);
        for (String r : d.reasons()) ex.reasons().add("policy: " + r);
        if (!d.allow()) {
            return Outcome.reject(GatewayError.forbidden("policy_denied", "denied by policy (" + d.version() + "): "
                    + String.join("; ", d.reasons())));
        }
        ChatRequest r = ex.request();
        if (d.maxTokens() != null && r.maxTokens() == null) {
            ex.request(r.withMaxTokens(d.maxTokens()));
            ex.attribute(CappedByPolicy.class, CappedByPolicy::new);
        }
        return Outcome.NEXT;
    }

    /**
     * What policy makes of this request going to another route than the one it decided on (failover,
     * fallback): null when it may not go there, else {@code request}, with that route's cap on
     * {@code max_tokens} when the caller set none and the cap is lower than the first route's (never
     * higher: budgets reserved for the first).
     */
    public ChatRequest admit(Exchange ex, ModelRoute route, ChatRequest request) {
        // Another route is judged on what the caller asked for, not on the first route's cap.
        Integer asked = ex.attribute(CappedByPolicy.class, () -> null) != null ? null : ex.request().maxTokens();
        PolicyDecision d = engine.decide(input(ex, route, asked));
        if (!d.allow()) return null;
        Integer cap = asked != null ? asked : lower(request.maxTokens(), d.maxTokens());
        if (Objects.equals(cap, request.maxTokens())) return request;
        return request.withMaxTokens(cap);
    }

    private static Integer lower(Integer a, Integer b) {
        if (a == null) return b;
        return b == null ? a : Math.min(a, b);
    }

    static PolicyInput input(Exchange ex) {
        return input(ex, ex.route(), ex.request().maxTokens());
    }

    /** The model policy sees is the one the route serves: a fallback chain's member, not the chain's name. */
    static PolicyInput input(Exchange ex, ModelRoute route, Integer maxTokens) {
        Principal p = ex.principal();
        ChatRequest r = ex.request();
        List<String> findings = new ArrayList<>();
        for (Detection d : ex.detections()) {
            findings.add(d.finding().category().wireName() + ":" + d.finding().entity() + ":" + d.action());
        }
        return new PolicyInput(p.tenant(), p.subject(), p.role().wireName(), p.tier(), p.keyId(), route.name(), route.provider(),
                ex.endpoint(), r.stream(), offersTools(r), maxTokens, new PolicyInput.Scan(ex.injectionScore(), findings));
    }

    private static boolean offersTools(ChatRequest r) {
        if (r.params() == null) return false;
        return nonEmpty(r.params().get("tools")) || nonEmpty(r.params().get("functions"));
    }

    private static boolean nonEmpty(com.fasterxml.jackson.databind.JsonNode n) {
        return n != null && !n.isNull() && !(n.isContainerNode() && n.isEmpty());
    }
}
