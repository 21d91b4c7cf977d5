package llmgw.stage.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import llmgw.config.Globs;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Principal;
import llmgw.stage.provider.ModelRoute;

/** The configured models, narrowed by the global allowlist, and which of them each tenant and API key may use. */
public final class ModelCatalog {
    private final Map<String, ModelRoute> routes = new LinkedHashMap<>();
    private final Map<String, List<String>> tenantModels = new LinkedHashMap<>();

    public ModelCatalog(List<ModelRoute> models, List<String> allowedModels, Map<String, TenantConfig> tenants) {
        for (ModelRoute m : models) {
            if (allowedModels.isEmpty() || Globs.matchesAnyModel(allowedModels, m.provider(), m.name())) routes.put(m.name(), m);
        }
        tenants.forEach((name, t) -> {
            if (t != null && !t.models().isEmpty()) tenantModels.put(name, t.models());
        });
    }

    /** The route for a model name, if the model exists and is allowed at all. */
    public Optional<ModelRoute> find(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    /** Whether the caller's tenant may use the model. */
    public boolean tenantMayUse(Principal who, ModelRoute route) {
        List<String> own = tenantModels.get(who.tenant());
        return own == null || Globs.matchesAnyModel(own, route.provider(), route.name());
    }

    /** Whether the caller's API key (if any) allows the model. */
    public static boolean keyMayUse(Principal who, ModelRoute route) {
        Principal.KeyGrant key = who.key();
        return key == null || key.models().isEmpty() || Globs.matchesAnyModel(key.models(), route.provider(), route.name());
    }

    /** Whether the caller's API key (if any) may reach the model's provider. */
    public static boolean keyMayReach(Principal who, ModelRoute route) {
        Principal.KeyGrant key = who.key();
        return key == null || key.providers().isEmpty() || key.providers().contains(route.provider());
    }

    /** The models this caller may use, in config order. */
    public List<ModelRoute> visibleTo(Principal who) {
        List<ModelRoute> out = new ArrayList<>();
        for (ModelRoute m : routes.values()) {
            if (tenantMayUse(who, m) && keyMayUse(who, m) && keyMayReach(who, m)) out.add(m);
        }
        return out;
    }
}
