package llmgw.stage.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Principal;
import llmgw.stage.provider.ModelRoute;

/** The configured models, narrowed by the global allowlist, and which of them each tenant may use. */
public final class ModelCatalog {
    private final Map<String, ModelRoute> routes = new LinkedHashMap<>();
    private final Map<String, List<Pattern>> tenantModels = new LinkedHashMap<>();

    public ModelCatalog(List<ModelRoute> models, List<String> allowedModels, Map<String, TenantConfig> tenants) {
        List<Pattern> allowed = globs(allowedModels);
        for (ModelRoute m : models) {
            if (allowed.isEmpty() || matchesAny(allowed, m.name())) routes.put(m.name(), m);
        }
        tenants.forEach((name, t) -> {
            if (t != null && !t.models().isEmpty()) tenantModels.put(name, globs(t.models()));
        });
    }

    /** The route for a model name, if the model exists and is allowed at all. */
    public Optional<ModelRoute> find(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    public boolean mayUse(Principal who, String model) {
        List<Pattern> own = tenantModels.get(who.tenant());
        return own == null || matchesAny(own, model);
    }

    /** The models this caller may use, in config order. */
    public List<ModelRoute> visibleTo(Principal who) {
        List<ModelRoute> out = new ArrayList<>();
        for (ModelRoute m : routes.values()) if (mayUse(who, m.name())) out.add(m);
        return out;
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) if (p.matcher(name).matches()) return true;
        return false;
    }

    /** {@code *} matches any run of characters; everything else is literal. */
    static List<Pattern> globs(List<String> globs) {
        List<Pattern> out = new ArrayList<>();
        for (String g : globs) {
            StringBuilder re = new StringBuilder();
            for (String part : g.split("\\*", -1)) {
                if (!re.isEmpty()) re.append(".*");
                re.append(Pattern.quote(part));
            }
            out.add(Pattern.compile(re.toString()));
        }
        return out;
    }
}
