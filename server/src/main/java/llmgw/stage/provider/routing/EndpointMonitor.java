package llmgw.stage.provider.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import llmgw.chat.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks endpoints for their model lists in the background: as an active health check (an endpoint that
 * does not answer in time is skipped by routing until it does) and for discovery (new models appear in
 * {@code /v1/models} without a restart).
 */
public final class EndpointMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndpointMonitor.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "endpoint-monitor");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;

    public EndpointMonitor(EndpointRegistry registry, RoutingConfig.Discovery discovery, Clock clock) {
        this.clock = clock;
        for (Endpoint e : registry.all()) {
            if (!e.config().enabled() || "stub".equals(e.config().type())) continue; // the stub serves what is routed to it
            var hc = e.config().healthCheck();
            if (hc.enabled()) schedule(() -> check(e, hc.timeout(), false), hc.interval());
            if (discovery.enabled()) schedule(() -> check(e, hc.timeout(), true), discovery.interval());
        }
    }

    /** Runs the task every interval on a virtual thread; a round still running skips the next, so checks never overlap. */
    private void schedule(Runnable task, Duration every) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
        timer.scheduleWithFixedDelay(() -> {
            if (!running.compareAndSet(false, true)) return;
            calls.submit(() -> {
                try {
                    task.run();
                } finally {
                    running.set(false);
                }
            });
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks one endpoint for its models; records health, and with {@code discover} what it serves. */
    void check(Endpoint e, Duration timeout, boolean discover) {
        Future<List<String>> asked = calls.submit(() -> e.provider().models());
        try {
            List<String> models = asked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (discover) {
                if (!new HashSet<>(models).equals(e.discovered())) log.info("endpoint {} serves {}", e.name(), models);
                e.discovered(new HashSet<>(models));
            }
            if (e.config().healthCheck().enabled()) {
                if (!e.healthy()) log.info("endpoint {} is healthy again", e.name());
                e.checked(clock.instant(), true, null);
            }
        } catch (TimeoutException ex) {
            asked.cancel(true);
            unhealthy(e, "no answer within " + timeout.toMillis() + "ms");
        } catch (java.util.concurrent.ExecutionException ex) {
            Throwable cause = ex.getCause();
            unhealthy(e, cause instanceof ProviderException p ? p.error().code() : cause.getClass().getSimpleName());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void unhealthy(Endpoint e, String problem) {
        if (!e.config().healthCheck().enabled()) {
            log.debug("endpoint {}: discovery failed: {}", e.name(), problem);
            return;
        }
        if (e.healthy()) log.warn("endpoint {} failed its health check ({}); routing skips it", e.name(), problem);
        e.checked(clock.instant(), false, problem);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        calls.shutdownNow();
    }
}
