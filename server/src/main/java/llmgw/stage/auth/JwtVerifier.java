package llmgw.stage.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import llmgw.pipeline.Principal;

/** Verifies HS256 tokens and turns their claims into a {@link Principal}. */
public final class JwtVerifier {
    private final JwtParser parser;

    public JwtVerifier(AuthConfig.Jwt cfg) {
        SecretKey key = Keys.hmacShaKeyFor(cfg.secret().getBytes(StandardCharsets.UTF_8));
        // parseSignedClaims below refuses unsigned tokens (alg "none") and wrong signatures.
        JwtParserBuilder b = Jwts.parser().verifyWith(key).clockSkewSeconds(cfg.clockSkew().toSeconds());
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
        return new Result.Valid(new Principal(sub, tenant, parsed, "jwt", tier, null));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
