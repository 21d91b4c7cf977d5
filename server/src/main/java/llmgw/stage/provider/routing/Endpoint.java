package llmgw.stage.provider.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import llmgw.chat.Provider;
import llmgw.stage.provider.ProviderConfig;

/** One upstream endpoint at run time: its provider, breaker, health, load and the models it serves. */
public final class Endpoint {
    private static final double EWMA_WEIGHT = 0.3; // how much the newest latency counts

    private final String name;
    private final ProviderConfig cfg;
    private final Provider provider;
    private final CircuitBreaker breaker;
    private final Semaphore permits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double latencyMs = -1;
    private volatile boolean healthy = true;
    private volatile Instant lastCheck;
    private volatile String lastProblem;
    private volatile Set<String> discovered = Set.of();

    public Endpoint(String name, ProviderConfig cfg, Provider provider, RoutingConfig.CircuitBreakerConfig breaker, Clock clock) {
        this.name = name;
        this.cfg = cfg;
        this.provider = provider;
        this.breaker = new CircuitBreaker(breaker, clock);
        this.permits = cfg.maxConcurrent() > 0 ? new Semaphore(cfg.maxConcurrent()) : null;
    }

    public String name() { return name; }
    public ProviderConfig config() { return cfg; }
    public Provider provider() { return provider; }
    public CircuitBreaker breaker() { return breaker; }
    public int inFlight() { return inFlight.get(); }
    /** Smoothed latency of successful calls, -1 before the first. */
    public double latencyMs() { return latencyMs; }
    public boolean healthy() { return healthy; }
    public Instant lastCheck() { return lastCheck; }
    public String lastProblem() { return lastProblem; }
    public Set<String> discovered() { return discovered; }

    public boolean serves(String model) {
        return cfg.models().contains(model) || discovered.contains(model);
    }

    /** Takes a concurrency slot; false when the endpoint is at {@code max_concurrent}. */
    public boolean tryAcquire() {
        if (permits != null && !permits.tryAcquire()) return false;
        inFlight.incrementAndGet();
        return true;
    }

    public void release() {
        inFlight.decrementAndGet();
        if (permits != null) permits.release();
    }

    public void succeeded(long millis) {
        double last = latencyMs;
        latencyMs = last < 0 ? millis : EWMA_WEIGHT * millis + (1 - EWMA_WEIGHT) * last;
        breaker.onSuccess();
    }

    /** A failed call counts as slow as it took, so that least_latency does not keep trying a dead endpoint first. */
    public void failed(long millis) {
        double last = latencyMs;
        latencyMs = last < 0 ? millis : EWMA_WEIGHT * millis + (1 - EWMA_WEIGHT) * last;
        breaker.onFailure();
    }

    void checked(Instant at, boolean ok, String problem) {
        lastCheck = at;
        healthy = ok;
        lastProblem = problem;
    }

    void discovered(Set<String> models) {
        discovered = Set.copyOf(models);
    }
}
