package llmgw.stage.provider.routing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import llmgw.config.Lists;
import llmgw.config.Problems;

/**
 * How a model's requests are spread over the endpoints that serve it, and what happens when one fails.
 *
 * @param strategy {@code priority}, {@code round_robin}, {@code weighted}, {@code least_latency} or {@code least_connections}
 * @param priority endpoint names in the order {@code priority} tries them (unlisted ones follow in config order)
 * @param fallbackChains a model (or a chain name clients ask for) → the models to try next when every endpoint of the first failed
 * @param maxAttempts endpoints tried for one request at most, across the chain
 */
public record RoutingConfig(String strategy, List<String> priority, Map<String, List<String>> fallbackChains, Integer maxAttempts,
                            Discovery discovery, CircuitBreakerConfig circuitBreaker) {
    public static final Set<String> STRATEGIES = Set.of("priority", "round_robin", "weighted", "least_latency", "least_connections");

    public RoutingConfig {
        if (strategy == null) strategy = "priority";
        priority = Lists.present(priority);
        Map<String, List<String>> chains = new LinkedHashMap<>();
        if (fallbackChains != null) fallbackChains.forEach((k, v) -> chains.put(k, Lists.present(v)));
        fallbackChains = chains;
        if (maxAttempts == null) maxAttempts = 3;
        if (discovery == null) discovery = new Discovery(null, null);
        if (circuitBreaker == null) circuitBreaker = new CircuitBreakerConfig(null, null, null, null, null, null);
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(null, null, null, null, null, null);
    }

    /** Polling each endpoint's model list, so new models appear without a restart. */
    public record Discovery(Boolean enabled, Duration interval) {
        public Discovery {
            if (enabled == null) enabled = false;
            if (interval == null) interval = Duration.ofSeconds(60);
        }
    }

    /**
     * Per endpoint: over the last {@code windowSize} calls (once there are {@code minimumCalls}), a failure
     * rate at or above the threshold opens the breaker; after {@code waitDuration} it lets
     * {@code permittedHalfOpenCalls} trial calls through, and closes again when they all succeed.
     */
    public record CircuitBreakerConfig(Boolean enabled, Integer failureRateThreshold, Integer minimumCalls, Integer windowSize,
                                       Duration waitDuration, Integer permittedHalfOpenCalls) {
        public CircuitBreakerConfig {
            if (enabled == null) enabled = true;
            if (failureRateThreshold == null) failureRateThreshold = 50;
            if (minimumCalls == null) minimumCalls = 5;
            if (windowSize == null) windowSize = 20;
            if (waitDuration == null) waitDuration = Duration.ofSeconds(30);
            if (permittedHalfOpenCalls == null) permittedHalfOpenCalls = 2;
        }
    }

    public void validate(Set<String> endpoints, Problems p) {
        if (!STRATEGIES.contains(strategy)) p.add("routing.strategy", "is '" + strategy + "'; use one of " + new java.util.TreeSet<>(STRATEGIES));
        for (String e : priority) if (!endpoints.contains(e)) p.add("routing.priority", "names '" + e + "', which is not an endpoint; endpoints: " + endpoints);
        p.atLeast("routing.max_attempts", maxAttempts, 1);
        fallbackChains.forEach((k, v) -> { if (v.isEmpty()) p.add("routing.fallback_chains." + k, "is empty"); });
        if (discovery.interval().toMillis() < 100) p.add("routing.discovery.interval", "must be 100ms or more");
        CircuitBreakerConfig b = circuitBreaker;
        if (b.failureRateThreshold() < 1 || b.failureRateThreshold() > 100) p.add("routing.circuit_breaker.failure_rate_threshold", "use 1 to 100 (percent)");
        p.atLeast("routing.circuit_breaker.minimum_calls", b.minimumCalls(), 1);
        p.atLeast("routing.circuit_breaker.window_size", b.windowSize(), b.minimumCalls());
        p.atLeast("routing.circuit_breaker.permitted_half_open_calls", b.permittedHalfOpenCalls(), 1);
        if (b.waitDuration().isNegative() || b.waitDuration().isZero()) p.add("routing.circuit_breaker.wait_duration", "must be above 0");
    }
}
