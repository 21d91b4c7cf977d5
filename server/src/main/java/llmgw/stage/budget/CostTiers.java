package llmgw.stage.budget;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.config.Globs;
import llmgw.store.AtomicFiles;

/**
 * Which cost tier each model is in: the config's assignments, overlaid by those made at runtime
 * ({@code PUT /admin/budget/assignments}), which are kept in {@code <data_dir>/budget-assignments.json}
 * and survive restarts. An exact name wins over a pattern, a runtime pattern over a config one; a
 * model nothing claims is in the most expensive tier, so a new model is never cheap by accident.
 */
public final class CostTiers {
    public static final String FILE = "budget-assignments.json";

    private final Map<String, Double> weights;
    private final Map<String, String> configured;
    private final Path file;
    private Map<String, String> runtime;
    private volatile Map<String, String> merged; // config overlaid by runtime, rebuilt on each change
    private final String dearest;

    /** A model's tier and its weight. */
    public record Tier(String name, double weight) {}

    public CostTiers(BudgetConfig cfg, Path dataDir) throws IOException {
        this.weights = Map.copyOf(cfg.costTiers());
        this.configured = cfg.models();
        this.file = dataDir.resolve(FILE);
        this.runtime = Files.exists(file) ? Json.MAPPER.readValue(Files.readString(file), new TypeReference<LinkedHashMap<String, String>>() {})
                : new LinkedHashMap<>();
        if (this.runtime == null) this.runtime = new LinkedHashMap<>(); // a file holding just null
        this.runtime.values().removeIf(t -> !weights.containsKey(t)); // a tier dropped from the config since
        this.merged = merge(configured, runtime);
        String top = null;
        for (var e : cfg.costTiers().entrySet()) if (top == null || e.getValue() > weights.get(top)) top = e.getKey();
        this.dearest = top;
    }

    public Tier of(String provider, String model) {
        Map<String, String> all = merged;
        String exact = all.get(model);
        if (exact == null) exact = all.get(provider + ":" + model);
        if (exact != null) return new Tier(exact, weights.get(exact));
        for (var e : all.entrySet()) {
            if (e.getKey().contains("*") && Globs.matchesModel(e.getKey(), provider, model)) return new Tier(e.getValue(), weights.get(e.getValue()));
        }
        return new Tier(dearest, weights.get(dearest));
    }

    /** Config assignments overlaid by runtime ones. */
    public Map<String, String> assignments() {
        return merged;
    }

    /** Runtime assignments first, so a runtime pattern is tried before a config pattern that also matches. */
    private static Map<String, String> merge(Map<String, String> configured, Map<String, String> runtime) {
        Map<String, String> all = new LinkedHashMap<>(runtime);
        configured.forEach(all::putIfAbsent);
        return java.util.Collections.unmodifiableMap(all);
    }

    public Map<String, Double> weights() {
        return weights;
    }

    public String dearest() {
        return dearest;
    }

    /** Problems with an assignment request; empty when it can be applied. */
    public List<String> problems(Map<String, String> changes) {
        List<String> out = new ArrayList<>();
        changes.forEach((model, tier) -> {
            if (model == null || model.isBlank()) out.add("a model name is empty");
            else if (tier != null && !weights.containsKey(tier)) out.add("'" + model + "' names tier '" + tier + "'; the tiers are " + weights.keySet());
        });
        return out;
    }

    /** Applies runtime assignments (a null tier removes one) and persists them; takes effect at once. */
    public synchronized Map<String, String> assign(Map<String, String> changes) throws IOException {
        Map<String, String> next = new LinkedHashMap<>(runtime);
        changes.forEach((model, tier) -> {
            if (tier == null) next.remove(model);
            else next.put(model, tier);
        });
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(next));
        runtime = next;
        merged = merge(configured, next);
        return merged;
    }
}
