package llmgw.stage.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import llmgw.config.Globs;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Principal;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.provider.routing.Router;

/**
 * The models clients may ask for — those the endpoints serve (configured and discovered), fallback
 * chain names and explicit {@code endpoint/model} names — narrowed by the global allowlist, and which
 * of them each tenant and API key may use.
 */
public final class ModelCatalog {
    private final Router router;
    private final List<String> allowed;
    private final Map<String, List<String>> tenantModels = new LinkedHashMap<>();

    public ModelCatalog(Router router, List<String> allowedModels, Map<String, TenantConfig> tenants) {
        this.router = router;
        this.allowed = List.copyOf(allowedModels);
        tenants.forEach((name, t) -> {
            if (t != null && !t.models().isEmpty()) tenantModels.put(name, t.models());
        });
    }

    /** The first route a model name stands for, if it exists and the global allowlist opens it at all. */
    public Optional<ModelRoute> find(String model) {
        Optional<ModelRoute> explicit = router.explicit(model);
        if (explicit.isPresent()) return explicit.filter(r -> open(r.provider(), r.name()));
        for (String m : router.models(model)) {
            List<ModelRoute> routes = router.registry().routesFor(m);
            if (!routes.isEmpty()) {
                ModelRoute first = routes.getFirst();
                if (!open(first.provider(), model) && !open(first.provider(), m)) return Optional.empty();
                return Optional.of(first);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a route's own model passes every allowlist of this caller: global, tenant and API key.
     * Applied to each model a fallback chain may use, so a chain never widens what a caller may reach.
     */
    public Predicate<ModelRoute> permitted(Principal who) {
        return r -> open(r.provider(), r.name()) && tenantMayUse(who, r.name(), r) && keyMayUse(who, r.name(), r);
    }

    private boolean open(String provider, String model) {
        return allowed.isEmpty() || Globs.matchesAnyModel(allowed, provider, model);
    }

    /** Whether the caller's tenant may use the model (by the name asked for, or the one that serves it). */
    public boolean tenantMayUse(Principal who, String requested, ModelRoute route) {
        List<String> own = tenantModels.get(who.tenant());
        return own == null || Globs.matchesAnyModel(own, route.provider(), requested) || Globs.matchesAnyModel(own, route.provider(), route.name());
    }

    /** Whether the caller's API key (if any) allows the model. */
    public static boolean keyMayUse(Principal who, String requested, ModelRoute route) {
        Principal.KeyGrant key = who.key();
        return key == null || key.models().isEmpty() || Globs.matchesAnyModel(key.models(), route.provider(), requested)
                || Globs.matchesAnyModel(key.models(), route.provider(), route.name());
    }

    /** The models this caller may use now, in config order, each with the provider that serves it first. */
    public List<ModelRoute> visibleTo(Principal who) {
        Set<String> names = new LinkedHashSet<>(router.registry().modelNames());
        names.addAll(router.chainNames());
        List<ModelRoute> out = new ArrayList<>();
        for (String name : names) {
            Optional<ModelRoute> r = find(name);
            if (r.isPresent() && tenantMayUse(who, name, r.get()) && keyMayUse(who, name, r.get())
                    && !router.candidates(name, who, permitted(who)).isEmpty()) {
                out.add(new ModelRoute(name, r.get().provider(), r.get().upstreamModel()));
            }
        }
        return out;
    }
}
