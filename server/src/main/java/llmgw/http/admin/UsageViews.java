package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import llmgw.api.Json;
import llmgw.stage.audit.UsagePeriod;
import llmgw.stage.audit.UsageRow;

/** The usage summary as {@code GET /admin/usage} and {@code llmgw usage --json} show it. */
public final class UsageViews {
    private UsageViews() {}

    private static ObjectNode row(UsageRow r) {
        return Json.MAPPER.createObjectNode().put("requests", r.requests()).put("prompt_tokens", r.promptTokens())
                .put("completion_tokens", r.completionTokens()).put("budget_units", r.budgetUnits()).put("cost_usd", r.costUsd());
    }

    public static ObjectNode json(UsagePeriod period, List<UsageRow> rows) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("from", period.from().toString());
        out.put("to", period.to().toString());
        var data = out.putArray("rows");
        for (UsageRow r : rows) {
            data.addObject().put("tenant", r.tenant()).put("key_id", r.keyId()).put("model", r.model()).setAll(row(r));
        }
        out.set("totals", row(UsageRow.total(rows)));
        return out;
    }
}
