package llmgw.stage.provider;

import java.util.List;

/** The routes one request will try, in order, planned once (so round-robin turns advance once per request). */
public record RoutePlan(List<ModelRoute> routes) {
    public RoutePlan {
        routes = List.copyOf(routes);
    }
}
