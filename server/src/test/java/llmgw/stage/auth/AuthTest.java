package llmgw.stage.auth;

import static org.junit.jupiter.api.Assertions.*;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import llmgw.config.ConfigException;
import llmgw.testing.MutableClock;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
    static TestGateway gw;
    static final String BODY = TestGateway.chatBody("stub", "hello");

    @BeforeAll
    static void start() {
        gw = TestGateway.withJwt("""
                    clock_skew: 5s
                rate_limit:
                  requests_per_minute: 6000
                  burst: 1000
                  unauthenticated_per_minute: 6000
                  unauthenticated_burst: 1000
                tenants:
                  restricted:
                    models: ["gpt-*"]
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static void assertUnauthorized(Reply r, String token) {
        assertEquals(401, r.status(), r.body());
        assertEquals("authentication_error", r.json().path("error").path("type").asText());
        assertEquals("Bearer", r.header("WWW-Authenticate"));
        if (token != null && token.length() > 10) assertFalse(r.body().contains(token), "never echo the token");
    }

    @Test
    void validTokenIsAcceptedAndAudited() {
        String t = TestGateway.token("alice", "acme", "user");
        Reply r = gw.chat(t, BODY);
        assertEquals(200, r.status(), r.body());
        var row = gw.auditRows().stream().filter(a -> "alice".equals(a.subject())).findFirst().orElseThrow();
        assertEquals("acme", row.tenant());
        assertEquals(200, row.status());
    }

    @Test
    void missingTokenIs401() {
        Reply r = gw.chat(null, BODY);
        assertUnauthorized(r, null);
        assertEquals("missing_token", r.errorCode());
    }

    @Test
    void nonBearerSchemeIs401() {
        Reply r = gw.post("/v1/chat/completions", null, "application/json", BODY, Map.of("Authorization", "Basic YWxpY2U6cHc="));
        assertUnauthorized(r, null);
    }

    @Test
    void wrongSignatureIs401() {
        String t = TestGateway.token("another-secret-that-is-also-long-enough-0123456789", "alice", "acme", "user", Duration.ofHours(1));
        assertUnauthorized(gw.chat(t, BODY), t);
    }

    @Test
    void algNoneIs401() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"mallory\",\"tenant\":\"acme\",\"role\":\"admin\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}");
        String t = header + "." + payload + ".";
        assertUnauthorized(gw.chat(t, BODY), t);
    }

    @Test
    void otherHmacAlgorithmsAre401() {
        String t = Jwts.builder().subject("alice").claim("tenant", "acme").claim("role", "user")
                .expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS384).compact();
        assertUnauthorized(gw.chat(t, BODY), t);
    }

    @Test
    void expiredTokenIs401ButSmallSkewIsTolerated() {
        String expired = TestGateway.token(TestGateway.SECRET, "alice", "acme", "user", Duration.ofSeconds(-60));
        assertUnauthorized(gw.chat(expired, BODY), expired);
        String justExpired = TestGateway.token(TestGateway.SECRET, "alice", "acme", "user", Duration.ofSeconds(-2));
        assertEquals(200, gw.chat(justExpired, BODY).status(), "within the 5s clock skew");
    }

    @Test
    void aTokenSeenBeforeStillExpiresOnTheGatewaysClock() {
        // The first request verifies the token and the gateway remembers it; later ones must still expire it.
        MutableClock clock = new MutableClock(Instant.now());
        try (TestGateway timed = TestGateway.start("auth:\n  jwt:\n    secret: ${JWT_SECRET}\n    clock_skew: 5s\n",
                Map.of("JWT_SECRET", TestGateway.SECRET), clock, TestGateway.newDataDir())) {
            String t = TestGateway.token(TestGateway.SECRET, "alice", "acme", "user", Duration.ofSeconds(60));
            assertEquals(200, timed.chat(t, BODY).status());
            clock.advance(Duration.ofSeconds(62));
            assertEquals(200, timed.chat(t, BODY).status(), "within the 5s clock skew");
            clock.advance(Duration.ofSeconds(4));
            assertUnauthorized(timed.chat(t, BODY), t);
            String fresh = TestGateway.token(TestGateway.SECRET, "alice", "acme", "user", Duration.ofSeconds(60));
            assertUnauthorized(timed.chat(fresh, BODY), fresh); // expired by the gateway's clock at first sight
        }
    }

    @Test
    void missingClaimsAre401() {
        var key = Keys.hmacShaKeyFor(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8));
        Date exp = Date.from(Instant.now().plusSeconds(600));
        String noTenant = Jwts.builder().subject("alice").claim("role", "user").expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
        String noSub = Jwts.builder().claim("tenant", "acme").claim("role", "user").expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
        String noRole = Jwts.builder().subject("alice").claim("tenant", "acme").expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
        String noExp = Jwts.builder().subject("alice").claim("tenant", "acme").claim("role", "user").signWith(key, Jwts.SIG.HS256).compact();
        for (String t : new String[] {noTenant, noSub, noRole, noExp}) assertUnauthorized(gw.chat(t, BODY), t);
    }

    @Test
    void garbageTokenIs401() {
        assertUnauthorized(gw.chat("not.a.jwt", BODY), null);
        assertUnauthorized(gw.chat("x", BODY), null);
    }

    @Test
    void unknownRoleIs403() {
        String t = TestGateway.token("alice", "acme", "superuser");
        Reply r = gw.chat(t, BODY);
        assertEquals(403, r.status());
        assertEquals("permission_error", r.json().path("error").path("type").asText());
        assertEquals("unknown_role", r.errorCode());
        assertFalse(r.body().contains(t));
    }

    @Test
    void tenantWithoutTheModelGets403() {
        Reply r = gw.chat(TestGateway.token("bob", "restricted", "user"), BODY);
        assertEquals(403, r.status());
        assertEquals("model_not_allowed", r.errorCode());
        assertEquals(0, gw.get("/v1/models", TestGateway.token("bob", "restricted", "user")).json().path("data").size());
    }

    @Test
    void devTokenIsOffOnceAJwtSecretIsConfigured() {
        assertUnauthorized(gw.chat("dev-token", BODY), null);
    }

    @Test
    void devTokenCanBeEnabledExplicitly() {
        try (TestGateway both = TestGateway.start("auth:\n  dev_token: enabled\n  jwt:\n    secret: ${JWT_SECRET}\n",
                Map.of("JWT_SECRET", TestGateway.SECRET))) {
            assertEquals(200, both.chat("dev-token", BODY).status());
            assertEquals(200, both.chat(TestGateway.token("alice", "acme", "admin"), BODY).status());
        }
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() {
        try (TestGateway strict = TestGateway.start("auth:\n  jwt:\n    secret: ${JWT_SECRET}\n    issuer: https://idp.example\n    audience: llmgw\n",
                Map.of("JWT_SECRET", TestGateway.SECRET))) {
            var key = Keys.hmacShaKeyFor(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8));
            Date exp = Date.from(Instant.now().plusSeconds(600));
            String good = Jwts.builder().subject("a").claim("tenant", "t").claim("role", "user").issuer("https://idp.example")
                    .audience().add("llmgw").and().expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
            String wrongIss = Jwts.builder().subject("a").claim("tenant", "t").claim("role", "user").issuer("https://evil.example")
                    .audience().add("llmgw").and().expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
            String noAud = Jwts.builder().subject("a").claim("tenant", "t").claim("role", "user").issuer("https://idp.example")
                    .expiration(exp).signWith(key, Jwts.SIG.HS256).compact();
            assertEquals(200, strict.chat(good, BODY).status());
            assertEquals(401, strict.chat(wrongIss, BODY).status());
            assertEquals(401, strict.chat(noAud, BODY).status());
        }
    }

    @Test
    void shortSecretRefusesToStart() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestGateway.start("", Map.of("JWT_SECRET", "too-short")));
        assertTrue(e.getMessage().contains("auth.jwt.secret"));
        assertTrue(e.getMessage().contains("32 bytes"));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
