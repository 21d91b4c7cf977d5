package llmgw.stage.audit;

/**
 * Use of one model by one tenant and API key over a period, summed from the audit log.
 *
 * @param keyId null for calls made without an API key
 * @param budgetUnits cost-weighted tokens
 * @param costUsd dollars by the price table, null when no call had a price
 */
public record UsageRow(String tenant, String keyId, String model, long requests, long promptTokens, long completionTokens,
                       long budgetUnits, Double costUsd) {}
