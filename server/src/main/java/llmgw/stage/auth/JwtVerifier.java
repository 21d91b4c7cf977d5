package llmgw.stage.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import llmgw.pipeline.Principal;

/**
 * Verifies HS256 tokens and turns their claims into a {@link Principal}.
 *
 * <p>A client sends the same token with every request until it expires, and parsing plus HMAC was the
 * largest single cost of a request. So a token that verified is remembered, by its SHA-256 (the token
 * itself is a credential and is not kept), until its expiry plus the allowed skew. Only valid tokens
 * are remembered, and the memory is bounded: when full it is emptied and refills from the traffic.
 */
public final class JwtVerifier {
    static final int MAX_REMEMBERED = 10_000;

    private final JwtParser parser;
    private final Clock clock;
    private final long skewSeconds;
    private final int capacity;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Principal principal, Instant until) {}

    public JwtVerifier(AuthConfig.Jwt cfg, Clock clock) {
        this(cfg, clock, MAX_REMEMBERED);
    }

    JwtVerifier(AuthConfig.Jwt cfg, Clock clock, int capacity) {
        this.capacity = capacity;
        SecretKey key = Keys.hmacShaKeyFor(cfg.secret().getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.skewSeconds = cfg.clockSkew().toSeconds();
        // parseSignedClaims below refuses unsigned tokens (alg "none") and wrong signatures.
        JwtParserBuilder b = Jwts.parser().verifyWith(key).clockSkewSeconds(skewSeconds)
                .clock(() -> Date.from(clock.instant()));
        if (cfg.issuer() != null) b.requireIssuer(cfg.issuer());
        if (cfg.audience() != null) b.requireAudience(cfg.audience());
        this.parser = b.build();
    }

    /** The outcome of checking one token. */
    public sealed interface Result {
        record Valid(Principal principal) implements Result {}
        /** Signed and current, but its role is none the gateway knows. */
        record UnknownRole() implements Result {}
        /** Anything else: bad signature, expired, unsigned, malformed, missing claims. The reason is for logs only. */
        record Invalid(String reason) implements Result {}
    }

    public Result verify(String token) {
        String digest = sha256(token);
        Verified known = verified.get(digest);
        if (known != null) {
            if (clock.instant().isBefore(known.until())) return new Result.Valid(known.principal());
            verified.remove(digest);
            return new Result.Invalid("expired");
        }
        Claims claims;
        try {
            var jws = parser.parseSignedClaims(token);
            if (!"HS256".equals(jws.getHeader().getAlgorithm())) return new Result.Invalid("algorithm is not HS256");
            claims = jws.getPayload();
        } catch (JwtException | IllegalArgumentException e) {
            return new Result.Invalid(e.getClass().getSimpleName());
        }
        String sub = claims.getSubject();
        String tenant = claims.get("tenant") instanceof String t ? t : null; // a number or an object is no tenant
        Object role = claims.get("role");
        if (blank(sub) || blank(tenant) || role == null || claims.getExpiration() == null) {
            return new Result.Invalid("missing claim");
        }
        Principal.Role parsed = role instanceof String s ? Principal.Role.parse(s) : null;
        if (parsed == null) return new Result.UnknownRole();
        String tier = claims.get("tier") instanceof String t && !t.isBlank() ? t : null;
        Principal principal = new Principal(sub, tenant, parsed, "jwt", tier, null);
        if (verified.size() >= capacity) verified.clear();
        verified.put(digest, new Verified(principal, claims.getExpiration().toInstant().plusSeconds(skewSeconds)));
        return new Result.Valid(principal);
    }

    /** How many verified tokens are remembered now. */
    int remembered() {
        return verified.size();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
