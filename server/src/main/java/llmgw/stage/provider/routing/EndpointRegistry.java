package llmgw.stage.provider.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.ProviderRegistry;

/**
 * Every endpoint and which models each serves: the routes under {@code models:}, each endpoint's own
 * {@code models} list, and what discovery found. The source of truth for routing and for {@code /v1/models}.
 */
public final class EndpointRegistry {
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final List<ModelRoute> routes;

    public EndpointRegistry(Map<String, ProviderConfig> configs, ProviderRegistry providers, List<ModelRoute> routes,
                            RoutingConfig routing, Clock clock) {
        configs.forEach((name, cfg) -> endpoints.put(name, new Endpoint(name, cfg, providers.get(name), routing.circuitBreaker(), clock)));
        this.routes = List.copyOf(routes);
    }

    public Endpoint endpoint(String name) {
        return endpoints.get(name);
    }

    public Collection<Endpoint> all() {
        return endpoints.values();
    }

    /** The routes serving a model, in config order: the {@code models:} entries first, then endpoints listing or discovering it. */
    public List<ModelRoute> routesFor(String model) {
        List<ModelRoute> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ModelRoute r : routes) {
            Endpoint e = endpoints.get(r.provider());
            if (r.name().equals(model) && e != null && e.config().enabled() && seen.add(r.provider())) out.add(r);
        }
        for (Endpoint e : endpoints.values()) {
            if (e.config().enabled() && e.serves(model) && seen.add(e.name())) out.add(new ModelRoute(model, e.name(), model));
        }
        return out;
    }

    /** Every model name some enabled endpoint serves now, in config order. */
    public Set<String> modelNames() {
        Set<String> out = new LinkedHashSet<>();
        for (ModelRoute r : routes) {
            Endpoint e = endpoints.get(r.provider());
            if (e != null && e.config().enabled()) out.add(r.name());
        }
        for (Endpoint e : endpoints.values()) {
            if (!e.config().enabled()) continue;
            out.addAll(e.config().models());
            out.addAll(e.discovered());
        }
        return out;
    }
}
