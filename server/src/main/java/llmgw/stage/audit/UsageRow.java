package llmgw.stage.audit;

/**
 * Use of one model by one tenant and API key over a period, summed from the audit log.
 *
 * @param keyId null for calls made without an API key
 * @param budgetUnits cost-weighted tokens
 * @param costUsd dollars by the price table, null when no call had a price
 */
public record UsageRow(String tenant, String keyId, String model, long requests, long promptTokens, long completionTokens,
                       long budgetUnits, Double costUsd) {

    /** The sum of rows, with no tenant, key or model; its cost is null only when no row has one. */
    public static UsageRow total(java.util.List<UsageRow> rows) {
        long requests = 0, prompt = 0, completion = 0, units = 0;
        Double cost = null;
        for (UsageRow r : rows) {
            requests += r.requests();
            prompt += r.promptTokens();
            completion += r.completionTokens();
            units += r.budgetUnits();
            if (r.costUsd() != null) cost = (cost == null ? 0 : cost) + r.costUsd();
        }
        return new UsageRow(null, null, null, requests, prompt, completion, units, cost);
    }
}
