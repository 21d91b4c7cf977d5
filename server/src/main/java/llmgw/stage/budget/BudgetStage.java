package llmgw.stage.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import llmgw.chat.ChatRequest;
import llmgw.chat.Usage;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Operation;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.provider.RoutePlan;

/**
 * Daily token budgets per tenant and per API key, weighted by the model's cost tier. Before the
 * provider call the request reserves an estimate (prompt plus its answer cap); once it is over,
 * streamed or not, the reservation is settled with the real usage, or released when nothing was
 * used. Also prices the request for the audit row.
 */
public final class BudgetStage implements Stage {
    private final BudgetLedger ledger;
    private final CostTiers tiers;
    private final PriceTable prices;
    private final Map<String, TenantConfig> tenants;
    private final int estimateCompletionTokens;

    public BudgetStage(BudgetLedger ledger, CostTiers tiers, PriceTable prices, Map<String, TenantConfig> tenants, int estimateCompletionTokens) {
        this.ledger = ledger;
        this.tiers = tiers;
        this.prices = prices;
        this.tenants = tenants;
        this.estimateCompletionTokens = estimateCompletionTokens;
    }

    /** Per-request state between the reservation and the settlement. */
    private static final class Held {
        CostTiers.Tier tier;
        BudgetLedger.Reservation reservation;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        Held held = ex.attribute(Held.class, Held::new);
        // Any planned route may end up serving the request (failover, fallback chains): reserve at the dearest.
        held.tier = tiers.of(ex.route().provider(), ex.route().name());
        for (ModelRoute r : ex.attribute(RoutePlan.class, () -> new RoutePlan(List.of())).routes()) {
            CostTiers.Tier t = tiers.of(r.provider(), r.name());
            if (t.weight() > held.tier.weight()) held.tier = t;
        }
        List<BudgetLedger.Scope> scopes = scopes(ex.principal());
        if (scopes.isEmpty()) return Outcome.NEXT;
        ChatRequest r = ex.request();
        int promptTokens = Usage.estimateTokens(r.promptChars() + contextChars(r));
        int answerTokens = ex.operation() == Operation.EMBED ? 0 : r.maxTokens() != null ? r.maxTokens() : estimateCompletionTokens;
        long estimate = units(promptTokens + answerTokens, held.tier.weight());
        BudgetLedger.Attempt a = ledger.reserve(scopes, estimate);
        if (a.held() != null) {
            held.reservation = a.held();
            return Outcome.NEXT;
        }
        BudgetLedger.Exhausted e = a.refused();
        String whose = e.scope().id().startsWith("key:") ? "API key " + e.scope().id().substring(4) : "tenant " + e.scope().id().substring(7);
        if (estimate > e.scope().limit()) { // no wait helps: the request alone is bigger than the whole budget
            return Outcome.reject(GatewayError.invalidParam("max_tokens", "request_over_budget", "this request needs about " + estimate
                    + " tokens of the daily budget of " + whose + " (" + held.tier.name() + " tier, weight " + held.tier.weight()
                    + "), more than its whole " + e.scope().limit() + "; ask for fewer max_tokens"));
        }
        ex.responseHeaders().put("Retry-After", Long.toString(e.secondsToReset()));
        ex.responseHeaders().put("X-Budget-Reset", e.resetAt().toString());
        return Outcome.reject(GatewayError.rateLimited("budget_exhausted", "daily token budget of " + whose + " is exhausted: "
                + e.used() + " of " + e.scope().limit() + " used, this request needs about " + estimate + " ("
                + held.tier.name() + " tier, weight " + held.tier.weight() + "); it resets at " + e.resetAt()));
    }

    @Override
    public void onComplete(Exchange ex) {
        Held held = ex.attribute(Held.class, Held::new);
        if (held.tier == null) return; // stopped before this stage
        Usage used = ex.usage();
        CostTiers.Tier served = ex.route() == null ? held.tier : tiers.of(ex.route().provider(), ex.route().name()); // the route that answered
        long units = units(used.totalTokens(), served.weight());
        if (held.reservation != null) ledger.settle(held.reservation, units);
        ex.charge(new Charge(served.name(), units,
                prices.cost(ex.route().provider(), ex.route().name(), used.promptTokens(), used.completionTokens())));
    }

    private List<BudgetLedger.Scope> scopes(Principal who) {
        List<BudgetLedger.Scope> out = new ArrayList<>(2);
        TenantConfig t = tenants.get(who.tenant());
        if (t != null && t.dailyTokens() != null) out.add(new BudgetLedger.Scope(tenantScope(who.tenant()), t.dailyTokens()));
        if (who.key() != null && who.key().dailyTokens() != null) out.add(new BudgetLedger.Scope(keyScope(who.keyId()), who.key().dailyTokens()));
        return out;
    }

    public static String tenantScope(String tenant) {
        return "tenant:" + tenant;
    }

    public static String keyScope(String keyId) {
        return "key:" + keyId;
    }

    private static int contextChars(ChatRequest r) {
        if (r.context() == null) return 0;
        int n = 0;
        for (var c : r.context().chunks()) n += c.content().length();
        return n;
    }

    /** Weighted tokens, rounded up so a cheap tier never rounds a request to free. */
    static long units(long tokens, double weight) {
        return tokens == 0 ? 0 : (long) Math.ceil(tokens * weight);
    }
}
