package llmgw.stage.limits;

import java.util.Map;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Stage;

/** Requests per minute per caller (tenant + subject), with each tenant's own rate where it has one. */
public final class RateLimitStage implements Stage {
    private final RateLimiter limiter;
    private final Rate global;
    private final Map<String, TenantConfig> tenants;

    public RateLimitStage(RateLimiter limiter, Rate global, Map<String, TenantConfig> tenants) {
        this.limiter = limiter;
        this.global = global;
        this.tenants = tenants;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        TenantConfig tenant = tenants.get(ex.principal().tenant());
        Rate rate = tenant != null && tenant.rateLimit() != null ? tenant.rateLimit().callerRate() : global;
        RateLimiter.Decision d = limiter.tryAcquire("caller:" + ex.principal().limitKey(), rate);
        RateLimitHeaders.apply(ex, d);
        if (d.allowed()) return Outcome.NEXT;
        return Outcome.reject(GatewayError.rateLimited("rate_limit_exceeded",
                "rate limit of " + rate.perMinute() + " requests per minute reached; retry after " + d.retryAfterSeconds() + "s"));
    }
}
