package llmgw.stage.budget;

/**
 * What one request cost, for its audit row.
 *
 * @param costTier the model's cost tier
 * @param units tokens used times the tier's weight: what counted against budgets
 * @param costUsd dollars by the price table, or null when the model has no price
 */
public record Charge(String costTier, long units, Double costUsd) {}
