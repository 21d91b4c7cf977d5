package llmgw.stage.limits;

import java.util.Map;
import llmgw.config.TenantConfig;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;

/** Requests per minute per caller (an API key, else tenant + subject), with each key's and tenant's own rate where set. */
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
        Rate rate = rateFor(ex.principal());
        RateLimiter.Decision d = limiter.tryAcquire("caller:" + ex.principal().limitKey(), rate);
        RateLimitHeaders.apply(ex, d);
        if (d.allowed()) return Outcome.NEXT;
        String whose = ex.principal().key() != null && ex.principal().key().rpm() != null ? "this API key's " : "";
        return Outcome.reject(GatewayError.rateLimited("rate_limit_exceeded",
                whose + "rate limit of " + rate.perMinute() + " requests per minute reached; retry after " + d.retryAfterSeconds() + "s"));
    }

    /** An API key's own rate first, then the tenant's, then the gateway's. */
    private Rate rateFor(Principal who) {
        if (who.key() != null && who.key().rpm() != null) return Rate.perMinute(who.key().rpm());
        TenantConfig tenant = tenants.get(who.tenant());
        return tenant != null && tenant.rateLimit() != null ? tenant.rateLimit().callerRate() : global;
    }
}
