package llmgw.stage.limits;

import llmgw.pipeline.Exchange;

/** The rate-limit response headers clients and SDKs read to back off. */
public final class RateLimitHeaders {
    private RateLimitHeaders() {}

    public static void apply(Exchange ex, RateLimiter.Decision d) {
        ex.responseHeaders().put("X-RateLimit-Limit", Integer.toString(d.limit()));
        ex.responseHeaders().put("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        ex.responseHeaders().put("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
        if (!d.allowed()) ex.responseHeaders().put("Retry-After", Long.toString(d.retryAfterSeconds()));
    }
}
