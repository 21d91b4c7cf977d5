package llmgw.stage.auth;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;
import llmgw.stage.auth.keys.ApiKeySecrets;
import llmgw.stage.auth.keys.KeyStore;
import llmgw.stage.limits.RateLimiter;
import llmgw.stage.limits.Rate;
import llmgw.stage.limits.RateLimitHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who is calling from {@code Authorization: Bearer} (or {@code x-api-key}, as Anthropic
 * clients send it): an API key ({@code llmgw_...}), a JWT or the dev token. Requests with missing or bad
 * credentials are counted per client IP; past the unauthenticated rate they get 429 instead of 401.
 * Valid credentials are never counted there, so bad traffic from a shared address cannot lock out
 * the good callers behind it.
 */
public final class AuthStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(AuthStage.class);
    private static final byte[] DEV_TOKEN = AuthConfig.DEV_TOKEN.getBytes(StandardCharsets.UTF_8);
    public static final Principal DEV_PRINCIPAL = new Principal("dev", "dev", Principal.Role.ADMIN, "dev-token");

    private final JwtVerifier jwt;
    private final boolean devToken;
    private final KeyStore keys;
    private final Clock clock;
    private final RateLimiter limiter;
    private final Rate unauthenticated;

    /** @param keys the API keys, or null when the gateway accepts none */
    public AuthStage(AuthConfig cfg, KeyStore keys, Clock clock, RateLimiter limiter, Rate unauthenticated) {
        this.jwt = cfg.jwt().secret() == null ? null : new JwtVerifier(cfg.jwt(), clock);
        this.devToken = cfg.devTokenEnabled();
        this.keys = keys;
        this.clock = clock;
        this.limiter = limiter;
        this.unauthenticated = unauthenticated;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        String ipKey = "ip:" + ex.clientIp();
        String header = ex.header("Authorization");
        String apiKeyHeader = ex.header("x-api-key"); // how Anthropic clients send their key
        String token;
        if (header != null && !header.isBlank()) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
                return deny(ex, ipKey, GatewayError.unauthorized("invalid_token",
                        "the Authorization header must use the Bearer scheme"));
            }
            token = header.substring(7).trim();
        } else if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            token = apiKeyHeader.trim();
        } else {
            return deny(ex, ipKey, GatewayError.unauthorized("missing_token",
                    "missing credentials; send Authorization: Bearer <token> (or x-api-key: <token>)"));
        }
        if (keys != null && ApiKeySecrets.looksLikeKey(token)) return apiKey(ex, ipKey, token);
        if (devToken && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), DEV_TOKEN)) {
            ex.principal(DEV_PRINCIPAL);
            return Outcome.NEXT;
        }
        if (jwt == null) return deny(ex, ipKey, GatewayError.unauthorized("invalid_token", "invalid or expired token"));
        return switch (jwt.verify(token)) {
            case JwtVerifier.Result.Valid v -> {
                ex.principal(v.principal());
                yield Outcome.NEXT;
            }
            case JwtVerifier.Result.UnknownRole u -> Outcome.reject(GatewayError.forbidden("unknown_role",
                    "the token's role is not one this gateway grants (user, admin or auditor)"));
            case JwtVerifier.Result.Invalid i -> {
                log.debug("request {} rejected: token {}", ex.requestId(), i.reason());
                yield deny(ex, ipKey, GatewayError.unauthorized("invalid_token", "invalid or expired token"));
            }
        };
    }

    private Outcome apiKey(Exchange ex, String ipKey, String token) {
        KeyStore.Lookup found;
        try {
            found = keys.authenticate(token, clock.instant());
        } catch (SQLException e) {
            log.error("request {}: cannot read the API key store: {}", ex.requestId(), e.getMessage());
            return Outcome.reject(GatewayError.unavailable("key_store_unavailable", "API keys cannot be checked right now; retry later"));
        }
        return switch (found) {
            case KeyStore.Lookup.Valid v -> {
                ex.principal(v.key().principal());
                yield Outcome.NEXT;
            }
            case KeyStore.Lookup.Revoked r -> deny(ex, ipKey, GatewayError.unauthorized("key_revoked", "this API key has been revoked"));
            case KeyStore.Lookup.Expired x -> deny(ex, ipKey, GatewayError.unauthorized("key_expired",
                    "this API key expired at " + x.key().expiresAt()));
            case KeyStore.Lookup.Unknown u -> deny(ex, ipKey, GatewayError.unauthorized("invalid_api_key", "invalid API key"));
        };
    }

    private Outcome deny(Exchange ex, String ipKey, GatewayError error) {
        RateLimiter.Decision d = limiter.tryAcquire(ipKey, unauthenticated);
        if (!d.allowed()) {
            RateLimitHeaders.apply(ex, d);
            return Outcome.reject(GatewayError.rateLimited("too_many_auth_failures",
                    "too many requests without valid credentials from this address; retry later"));
        }
        ex.responseHeaders().put("WWW-Authenticate", "Bearer");
        return Outcome.reject(error);
    }
}
