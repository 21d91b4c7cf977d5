package llmgw.stage.auth;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import llmgw.config.Problems;

/**
 * How callers prove who they are.
 *
 * @param devToken {@code auto} (accepted only while no JWT secret is configured), {@code enabled} or {@code disabled}
 */
public record AuthConfig(String devToken, Jwt jwt) {
    public static final String DEV_TOKEN = "dev-token";

    public AuthConfig {
        if (devToken == null) devToken = "auto";
        if (jwt == null) jwt = new Jwt(null, null, null, null);
    }

    public static AuthConfig defaults() {
        return new AuthConfig(null, null);
    }

    /** HS256 settings; the secret is normally {@code ${JWT_SECRET}}. */
    public record Jwt(String secret, String issuer, String audience, Duration clockSkew) {
        public Jwt {
            if (secret != null && secret.isEmpty()) secret = null;
            if (clockSkew == null) clockSkew = Duration.ofSeconds(30);
        }
    }

    public boolean devTokenEnabled() {
        return switch (devToken) {
            case "enabled" -> true;
            case "disabled" -> false;
            default -> jwt.secret() == null;
        };
    }

    public AuthConfig withSecret(String secret) {
        return new AuthConfig(devToken, new Jwt(secret, jwt.issuer(), jwt.audience(), jwt.clockSkew()));
    }

    public void validate(Problems p) {
        if (!devToken.equals("auto") && !devToken.equals("enabled") && !devToken.equals("disabled")) {
            p.add("auth.dev_token", "is '" + devToken + "'; use auto, enabled or disabled");
        }
        if (devToken.equals("disabled") && jwt.secret() == null) {
            p.add("auth.dev_token", "is disabled and no JWT secret is set, so no request could ever authenticate; set auth.jwt.secret (or JWT_SECRET)");
        }
        if (jwt.secret() != null && jwt.secret().getBytes(StandardCharsets.UTF_8).length < 32) {
            p.add("auth.jwt.secret", "is shorter than 32 bytes; HS256 needs a secret of at least 32 bytes (try: openssl rand -base64 48)");
        }
        if (jwt.clockSkew().isNegative() || jwt.clockSkew().compareTo(Duration.ofMinutes(5)) > 0) {
            p.add("auth.jwt.clock_skew", "is " + jwt.clockSkew().toSeconds() + "s; use 0s to 5m");
        }
    }
}
