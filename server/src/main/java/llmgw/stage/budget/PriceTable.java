package llmgw.stage.budget;

import java.util.LinkedHashMap;
import java.util.Map;
import llmgw.config.Globs;
import llmgw.config.Problems;

/** Prices in US dollars per million tokens, per model name or glob, for the cost on each audit row. */
public final class PriceTable {
    private final Map<String, Price> prices;

    /** One model's price: input (prompt) and output (completion) tokens, dollars per million. */
    public record Price(Double input, Double output) {
        public Price {
            if (input == null) input = 0.0;
            if (output == null) output = 0.0;
        }
    }

    public PriceTable(Map<String, Price> prices) {
        this.prices = prices == null ? Map.of() : new LinkedHashMap<>(prices);
    }

    /** The cost of one request in dollars, or null when the model has no price. */
    public Double cost(String provider, String model, int promptTokens, int completionTokens) {
        Price p = prices.get(model);
        if (p == null) {
            for (var e : prices.entrySet()) {
                if (Globs.matchesModel(e.getKey(), provider, model)) {
                    p = e.getValue();
                    break;
                }
            }
        }
        if (p == null) return null;
        return (promptTokens * p.input() + completionTokens * p.output()) / 1_000_000.0;
    }

    public static void validate(Map<String, Price> prices, Problems p) {
        if (prices == null) return;
        prices.forEach((model, price) -> {
            if (price == null) return;
            if (price.input() < 0) p.add("prices." + model + ".input", "is " + price.input() + "; prices cannot be negative");
            if (price.output() < 0) p.add("prices." + model + ".output", "is " + price.output() + "; prices cannot be negative");
        });
    }
}
