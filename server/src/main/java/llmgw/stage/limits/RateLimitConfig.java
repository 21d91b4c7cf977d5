package llmgw.stage.limits;

import llmgw.config.Problems;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code requestsPerMinute}.
 * The unauthenticated pair limits requests with missing or bad credentials per client IP.
 */
public record RateLimitConfig(Integer requestsPerMinute, Integer burst, Integer unauthenticatedPerMinute, Integer unauthenticatedBurst) {
    public RateLimitConfig {
        if (requestsPerMinute == null) requestsPerMinute = 60;
        if (burst == null) burst = Rate.perMinute(requestsPerMinute).burst();
        if (unauthenticatedPerMinute == null) unauthenticatedPerMinute = 30;
        if (unauthenticatedBurst == null) unauthenticatedBurst = 10;
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(null, null, null, null);
    }

    public Rate callerRate() {
        return new Rate(requestsPerMinute, burst);
    }

    public Rate unauthenticatedRate() {
        return new Rate(unauthenticatedPerMinute, unauthenticatedBurst);
    }

    public void validate(String path, Problems p) {
        p.atLeast(path + ".requests_per_minute", requestsPerMinute, 1);
        p.atLeast(path + ".burst", burst, 1);
        p.atLeast(path + ".unauthenticated_per_minute", unauthenticatedPerMinute, 1);
        p.atLeast(path + ".unauthenticated_burst", unauthenticatedBurst, 1);
    }
}
