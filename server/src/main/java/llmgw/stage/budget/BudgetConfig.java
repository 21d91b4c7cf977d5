package llmgw.stage.budget;

import java.util.LinkedHashMap;
import java.util.Map;
import llmgw.config.Problems;

/**
 * Cost tiers for token budgets: each model belongs to a tier whose weight multiplies its tokens
 * before they count against a daily budget. A model no tier claims counts as the most expensive.
 *
 * @param costTiers tier name → weight, e.g. {@code frontier: 15, standard: 1, embedding: 0.1}
 * @param models model name or glob (a colon matches {@code provider:model}) → tier name
 * @param estimateCompletionTokens what a request without {@code max_tokens} reserves for its answer
 */
public record BudgetConfig(Map<String, Double> costTiers, Map<String, String> models, Integer estimateCompletionTokens) {

    public BudgetConfig {
        if (costTiers == null || costTiers.isEmpty()) costTiers = defaultTiers();
        costTiers = new LinkedHashMap<>(costTiers);
        models = models == null ? Map.of() : new LinkedHashMap<>(models);
        if (estimateCompletionTokens == null) estimateCompletionTokens = 512;
    }

    public static BudgetConfig defaults() {
        return new BudgetConfig(null, null, null);
    }

    private static Map<String, Double> defaultTiers() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("frontier", 15.0);
        t.put("standard", 1.0);
        t.put("embedding", 0.1);
        return t;
    }

    public void validate(Problems p) {
        costTiers.forEach((name, weight) -> {
            if (weight == null || !(weight > 0) || weight > 1_000_000) p.add("budgets.cost_tiers." + name, "is " + weight + "; use a weight above 0");
        });
        models.forEach((model, tier) -> {
            if (tier == null || !costTiers.containsKey(tier)) {
                p.add("budgets.models." + model, "names tier '" + tier + "'; the tiers are " + costTiers.keySet());
            }
        });
        p.atLeast("budgets.estimate_completion_tokens", estimateCompletionTokens, 1);
    }
}
