package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.config.TenantConfig;
import llmgw.http.PipelineEndpoint.Reply;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.stage.budget.BudgetLedger;
import llmgw.stage.budget.BudgetStage;
import llmgw.stage.budget.CostTiers;
import llmgw.stage.auth.keys.ApiKey;
import llmgw.stage.auth.keys.KeyStore;

/**
 * {@code GET/PUT /admin/budget/assignments}: which cost tier each model is in, changed at runtime;
 * {@code GET /admin/budget}: today's use of every budget.
 */
public final class BudgetAdmin {
    private final CostTiers tiers;
    private final BudgetLedger ledger;
    private final Map<String, TenantConfig> tenants;
    private final KeyStore keys;

    public BudgetAdmin(CostTiers tiers, BudgetLedger ledger, Map<String, TenantConfig> tenants, KeyStore keys) {
        this.tiers = tiers;
        this.ledger = ledger;
        this.tenants = tenants;
        this.keys = keys;
    }

    /** The body of {@code PUT /admin/budget/assignments}: model (or glob) → tier, null to remove a runtime assignment. */
    public record Assignments(Map<String, String> assignments) {}

    public Reply assignments(Exchange ex, Context ctx) {
        return Reply.ok(describe());
    }

    public Reply assign(Exchange ex, Context ctx) throws IOException {
        Assignments body = AdminBodies.read(ex, Assignments.class);
        if (body.assignments() == null || body.assignments().isEmpty()) {
            throw GatewayError.invalidRequest("invalid_body", "send {\"assignments\": {\"<model>\": \"<tier>\"}}").toException();
        }
        List<String> problems = tiers.problems(body.assignments());
        if (!problems.isEmpty()) throw GatewayError.invalidRequest("invalid_assignment", String.join("; ", problems)).toException();
        tiers.assign(body.assignments());
        ex.reasons().add("admin: cost tiers assigned " + body.assignments());
        return Reply.ok(describe());
    }

    public Reply usage(Exchange ex, Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("day", ledger.today().toString());
        out.put("reset_at", ledger.resetAt().toString());
        var budgets = out.putArray("budgets");
        Map<String, BudgetLedger.Balance> today = ledger.snapshot();
        tenants.forEach((name, t) -> {
            if (t.dailyTokens() == null) return;
            BudgetLedger.Balance u = today.getOrDefault(BudgetStage.tenantScope(name), new BudgetLedger.Balance(0, 0));
            budgets.addObject().put("scope", BudgetStage.tenantScope(name)).put("limit", t.dailyTokens()).put("used", u.used()).put("reserved", u.reserved());
        });
        try {
            for (ApiKey k : keys.list(null)) {
                if (k.dailyTokens() == null || k.revokedAt() != null) continue;
                BudgetLedger.Balance u = today.getOrDefault(BudgetStage.keyScope(k.id()), new BudgetLedger.Balance(0, 0));
                budgets.addObject().put("scope", BudgetStage.keyScope(k.id())).put("limit", k.dailyTokens()).put("used", u.used())
                        .put("reserved", u.reserved());
            }
        } catch (SQLException e) {
            throw GatewayError.unavailable("key_store_unavailable", "the API key store cannot be read right now").toException();
        }
        return Reply.ok(out);
    }

    private ObjectNode describe() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("cost_tiers", Json.MAPPER.valueToTree(tiers.weights()));
        out.put("unassigned_tier", tiers.dearest());
        out.set("assignments", Json.MAPPER.valueToTree(tiers.assignments()));
        return out;
    }
}
