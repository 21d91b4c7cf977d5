package llmgw.config;

import java.util.List;
import llmgw.stage.limits.RateLimitConfig;

/**
 * Settings for one tenant.
 *
 * @param models the models this tenant may use (glob patterns such as {@code llama-*}); empty means all
 * @param rateLimit this tenant's per-caller request rate; null means the global one
 * @param dailyTokens the tenant's daily budget in cost-weighted tokens, shared by all its callers; null for none
 * @param endpoints the endpoints this tenant's requests are pinned to (in order); empty means any
 */
public record TenantConfig(List<String> models, RateLimitConfig rateLimit, Long dailyTokens, List<String> endpoints) {
    public TenantConfig {
        models = Lists.present(models);
        endpoints = Lists.present(endpoints);
    }
}
