package llmgw.stage.provider.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Principal;
import llmgw.stage.provider.ModelRoute;

/**
 * Resolves a requested model to the routes to try, in order: an explicit {@code endpoint/model}
 * names its one route; otherwise the model's endpoints ordered by the strategy, then each model of its
 * fallback chain the same way. Tenant pinning and an API key's endpoint list narrow every step.
 */
public final class Router {
    private final EndpointRegistry registry;
    private final Map<String, List<String>> chains;
    private final Map<String, TenantConfig> tenants;
    private final Strategy strategy;

    public Router(EndpointRegistry registry, RoutingConfig cfg, Map<String, TenantConfig> tenants) {
        this.registry = registry;
        this.chains = cfg.fallbackChains();
        this.tenants = tenants;
        this.strategy = new Strategy(cfg, registry);
    }

    public EndpointRegistry registry() {
        return registry;
    }

    /**
     * The route an explicit {@code endpoint/model} names: the prefix is an endpoint that serves the model.
     * A model whose own name has a slash ({@code openai/gpt-oss-20b} on vLLM) is that model, not a pin.
     */
    public Optional<ModelRoute> explicit(String requested) {
        int slash = requested.indexOf('/');
        if (slash <= 0 || slash == requested.length() - 1 || !registry.routesFor(requested).isEmpty()) return Optional.empty();
        String endpoint = requested.substring(0, slash);
        String model = requested.substring(slash + 1);
        return registry.routesFor(model).stream().filter(r -> r.provider().equals(endpoint)).findFirst();
    }

    /** The models a request for {@code requested} may be served by, in order: itself when served, then its chain. */
    public List<String> models(String requested) {
        List<String> out = new ArrayList<>();
        if (!registry.routesFor(requested).isEmpty()) out.add(requested);
        for (String m : chains.getOrDefault(requested, List.of())) if (!out.contains(m)) out.add(m);
        return out;
    }

    /** The names of fallback chains clients may ask for as models. */
    public java.util.Set<String> chainNames() {
        return chains.keySet();
    }

    /**
     * Every route to try for this caller, in order; each names the model it serves (a chain's, not the
     * chain's name). {@code permitted} is the caller's model allowlists, applied to every model a chain may use.
     */
    public List<ModelRoute> plan(String requested, Principal who, Predicate<ModelRoute> permitted) {
        return routes(requested, who, permitted, true);
    }

    /** The same routes in config order, without taking a round-robin turn: for listings. */
    public List<ModelRoute> candidates(String requested, Principal who, Predicate<ModelRoute> permitted) {
        return routes(requested, who, permitted, false);
    }

    private List<ModelRoute> routes(String requested, Principal who, Predicate<ModelRoute> permitted, boolean ordered) {
        Optional<ModelRoute> pinned = explicit(requested);
        if (pinned.isPresent()) return allowed(who, pinned.get()) && permitted.test(pinned.get()) ? List.of(pinned.get()) : List.of();
        List<ModelRoute> out = new ArrayList<>();
        for (String model : models(requested)) {
            List<ModelRoute> routes = new ArrayList<>();
            for (ModelRoute r : registry.routesFor(model)) if (allowed(who, r) && permitted.test(r)) routes.add(r);
            out.addAll(ordered ? strategy.order(model, routes) : routes);
        }
        return out;
    }

    /** Tenant pinning and the API key's endpoint list. */
    private boolean allowed(Principal who, ModelRoute r) {
        TenantConfig t = tenants.get(who.tenant());
        if (t != null && !t.endpoints().isEmpty() && !t.endpoints().contains(r.provider())) return false;
        return who.key() == null || who.key().providers().isEmpty() || who.key().providers().contains(r.provider());
    }
}
