package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import llmgw.api.Json;
import llmgw.stage.audit.UsagePeriod;
import llmgw.stage.audit.UsageRow;

/** The usage summary as {@code GET /admin/usage} and {@code llmgw usage --json} show it. */
public final class UsageViews {
    private UsageViews() {}

    public static ObjectNode json(UsagePeriod period, List<UsageRow> rows) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("from", period.from().toString());
        out.put("to", period.to().toString());
        var data = out.putArray("rows");
        long requests = 0, prompt = 0, completion = 0, units = 0;
        Double cost = null;
        for (UsageRow r : rows) {
            data.addObject().put("tenant", r.tenant()).put("key_id", r.keyId()).put("model", r.model())
                    .put("requests", r.requests()).put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens())
                    .put("budget_units", r.budgetUnits()).put("cost_usd", r.costUsd());
            requests += r.requests();
            prompt += r.promptTokens();
            completion += r.completionTokens();
            units += r.budgetUnits();
            if (r.costUsd() != null) cost = (cost == null ? 0 : cost) + r.costUsd();
        }
        out.putObject("totals").put("requests", requests).put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("budget_units", units).put("cost_usd", cost);
        return out;
    }
}
