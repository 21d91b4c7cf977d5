package llmgw.pipeline;

import java.util.List;

/**
 * Who is calling, as established by authentication.
 *
 * @param method how the caller proved it: {@code jwt}, {@code api-key} or {@code dev-token}
 * @param tier the caller's tier for policy rules (e.g. {@code free}, {@code premium}), or null
 * @param key the API key's own restrictions when the caller used one, else null
 */
public record Principal(String subject, String tenant, Role role, String method, String tier, KeyGrant key) {

    public Principal(String subject, String tenant, Role role, String method) {
        this(subject, tenant, role, method, null, null);
    }

    public enum Role {
        USER, ADMIN, AUDITOR;

        /** Parses a claim value; null when the value is not a known role. */
        public static Role parse(String value) {
            if (value == null) return null;
            return switch (value) {
                case "user" -> USER;
                case "admin" -> ADMIN;
                case "auditor" -> AUDITOR;
                default -> null;
            };
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What one API key may do, on top of everything that applies to its tenant.
     *
     * @param models glob patterns of the models it may use; empty means any
     * @param providers the upstream providers (endpoints) it may reach; empty means any
     * @param rpm its own requests per minute, or null for the caller default
     * @param dailyTokens its daily token budget in cost-weighted tokens, or null for none
     */
    public record KeyGrant(String id, List<String> models, List<String> providers, Integer rpm, Long dailyTokens) {
        public KeyGrant {
            models = List.copyOf(models);
            providers = List.copyOf(providers);
        }
    }

    /** The API key id, or null when the caller did not use a key. */
    public String keyId() {
        return key == null ? null : key.id();
    }

    /** Key under which this caller's own limits are counted. */
    public String limitKey() {
        return key != null ? "key:" + key.id() : tenant + "/" + subject;
    }
}
