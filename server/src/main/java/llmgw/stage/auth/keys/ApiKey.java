package llmgw.stage.auth.keys;

import java.time.Instant;
import java.util.List;
import llmgw.pipeline.Principal;

/**
 * One API key as stored: everything but the key itself, of which only a hash is kept.
 *
 * @param id the public part of the key ({@code llmgw_<id>_...}), safe to show and log
 * @param name what the key is for, e.g. {@code ci-bot}; it becomes the caller's subject
 * @param tier the caller tier policy rules see, or null
 * @param models glob patterns of the models the key may use; empty means any the tenant may use
 * @param providers the upstream providers the key may reach; empty means any
 * @param rpm requests per minute for this key, or null for the gateway's caller rate
 * @param dailyTokens daily budget in cost-weighted tokens, or null for none of its own
 * @param expiresAt null when it never expires
 * @param revokedAt null while it is valid
 */
public record ApiKey(
        String id,
        String name,
        String tenant,
        Principal.Role role,
        String tier,
        List<String> models,
        List<String> providers,
        Integer rpm,
        Long dailyTokens,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {

    public ApiKey {
        models = List.copyOf(models);
        providers = List.copyOf(providers);
    }

    /** How the key is shown in listings: its prefix, never the secret part. */
    public String prefix() {
        return ApiKeySecrets.PREFIX + id + "_";
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** {@code active}, {@code revoked} or {@code expired}. */
    public String status(Instant now) {
        if (revokedAt != null) return "revoked";
        return expired(now) ? "expired" : "active";
    }

    public Principal principal() {
        return new Principal(name, tenant, role, "api-key", tier, new Principal.KeyGrant(id, models, providers, rpm, dailyTokens));
    }
}
