package llmgw.stage.auth.keys;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import llmgw.config.Durations;
import llmgw.pipeline.Principal;

/**
 * What {@code llmgw keys create} and {@code POST /admin/keys} ask for. Everything but tenant and
 * name is optional.
 *
 * @param endpoints the upstream providers the key may reach
 * @param expires a lifetime such as {@code 90d}; null for a key that does not expire
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KeySpec(String tenant, String name, String role, String tier, List<String> models, List<String> endpoints,
                      Integer rpm, Long dailyTokens, String expires) {

    private static final Duration MAX_LIFETIME = Duration.ofDays(36_500);

    public KeySpec {
        models = clean(models);
        endpoints = clean(endpoints);
        if (role == null || role.isBlank()) role = "user";
        if (tier != null && tier.isBlank()) tier = null;
    }

    /** Every problem with the request, each naming its field; empty when it is fine. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (tenant == null || tenant.isBlank()) out.add("tenant is missing");
        if (name == null || name.isBlank()) out.add("name is missing");
        if (Principal.Role.parse(role) == null) out.add("role is '" + role + "'; use user, admin or auditor");
        if (rpm != null && rpm < 1) out.add("rpm is " + rpm + "; use 1 or more");
        if (dailyTokens != null && dailyTokens < 1) out.add("daily_tokens is " + dailyTokens + "; use 1 or more");
        if (expires != null) {
            try {
                Duration d = Durations.parse(expires);
                if (d.isZero()) out.add("expires must be longer than 0");
                else if (d.compareTo(MAX_LIFETIME) > 0) out.add("expires is '" + expires + "'; use at most 36500d (100 years)");
            } catch (IllegalArgumentException e) {
                out.add("expires " + e.getMessage());
            }
        }
        return out;
    }

    public Duration lifetime() {
        return expires == null ? null : Durations.parse(expires);
    }

    /** Accepts lists and comma-separated strings alike; drops blanks. */
    private static List<String> clean(List<String> values) {
        if (values == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null) continue;
            for (String part : v.split(",")) if (!part.isBlank()) out.add(part.trim());
        }
        return List.copyOf(out);
    }
}
