package llmgw.stage.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.MutableClock;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** API keys over HTTP: create, use, list, revoke, and each restriction a key carries. */
class ApiKeyEndToEndTest {
    private static final String CONFIG = """
            auth:
              jwt:
                secret: ${JWT_SECRET}
            providers:
              other: {type: stub}
            models:
              - {name: stub, provider: stub}
              - {name: llama-3, provider: stub}
              - {name: elsewhere, provider: other}
              - {name: "llama3:8b", provider: stub}
            rate_limit: {requests_per_minute: 100000, burst: 100000}
            """;
    private static final String ADMIN = TestGateway.token("root", "ops", "admin");

    private static TestGateway gateway(MutableClock clock) {
        return TestGateway.start(CONFIG, Map.of("JWT_SECRET", TestGateway.SECRET), clock, TestGateway.newDataDir());
    }

    private static JsonNode create(TestGateway gw, String json) {
        var r = gw.post("/admin/keys", ADMIN, "application/json", json, Map.of());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    @Test
    void lifecycleCreateUseListRevoke() throws Exception {
        try (TestGateway gw = gateway(new MutableClock(Instant.now()))) {
            JsonNode created = create(gw, "{\"tenant\":\"acme\",\"name\":\"ci-bot\",\"tier\":\"standard\"}");
            String key = created.path("key").asText();
            String id = created.path("id").asText();
            assertTrue(key.startsWith("llmgw_" + id + "_"), key);
            String secret = key.substring(("llmgw_" + id + "_").length()); // base64url: it may hold '_' itself
            assertEquals(43, secret.length(), "256 bits");
            assertEquals("active", created.path("status").asText());
            assertTrue(created.path("warning").isMissingNode(), "no tenants configured: nothing to warn about");

            var ok = gw.chat(key, TestGateway.chatBody("stub", "hello"));
            assertEquals(200, ok.status(), ok.body());
            AuditRecord row = gw.auditRows().getLast();
            assertEquals("acme", row.tenant());
            assertEquals("ci-bot", row.subject());
            assertEquals(id, row.governance().keyId());
            assertEquals("standard", row.governance().tier());

            var list = gw.get("/admin/keys?tenant=acme", ADMIN);
            assertEquals(200, list.status());
            assertFalse(list.body().contains(secret), "a listing must not show the key");
            assertEquals(id, list.json().path("data").get(0).path("id").asText());
            assertEquals(0, gw.get("/admin/keys?tenant=globex", ADMIN).json().path("data").size());

            var revoked = gw.delete("/admin/keys/" + id, ADMIN);
            assertEquals(200, revoked.status());
            assertEquals("revoked", revoked.json().path("status").asText());
            var after = gw.chat(key, TestGateway.chatBody("stub", "hello"));
            assertEquals(401, after.status());
            assertEquals("key_revoked", after.errorCode());
            assertEquals(404, gw.delete("/admin/keys/nosuchkey", ADMIN).status());
            assertTrue(gw.auditRows().stream().anyMatch(r -> r.reasons().contains("admin: revoked API key " + id)));

            // Only a hash is stored: the key itself is nowhere in the file.
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + gw.dataDir().resolve(KeyStore.FILE));
                 var rs = c.createStatement().executeQuery("SELECT hash FROM api_key")) {
                rs.next();
                assertEquals(HexFormat.of().formatHex(ApiKeySecrets.hash(key)), HexFormat.of().formatHex(rs.getBytes(1)));
            }
            assertFalse(new String(Files.readAllBytes(gw.dataDir().resolve(KeyStore.FILE)), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(secret));
        }
    }

    @Test
    void wrongAndTamperedKeysAre401() {
        try (TestGateway gw = gateway(new MutableClock(Instant.now()))) {
            String key = create(gw, "{\"tenant\":\"acme\",\"name\":\"a\"}").path("key").asText();
            var tampered = gw.chat(key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A"), TestGateway.chatBody("stub", "x"));
            assertEquals(401, tampered.status());
            assertEquals("invalid_api_key", tampered.errorCode());
            assertEquals(401, gw.chat("llmgw_nosuchid_secret", TestGateway.chatBody("stub", "x")).status());
            assertEquals(401, gw.chat("llmgw_", TestGateway.chatBody("stub", "x")).status());
        }
    }

    @Test
    void modelAllowlistAndEndpointRestriction() {
        try (TestGateway gw = gateway(new MutableClock(Instant.now()))) {
            String llama = create(gw, "{\"tenant\":\"acme\",\"name\":\"l\",\"models\":[\"llama-*\"]}").path("key").asText();
            assertEquals(200, gw.chat(llama, TestGateway.chatBody("llama-3", "x")).status());
            var no = gw.chat(llama, TestGateway.chatBody("stub", "x"));
            assertEquals(403, no.status());
            assertEquals("model_not_allowed", no.errorCode());
            JsonNode models = gw.get("/v1/models", llama).json().path("data");
            assertEquals(1, models.size());
            assertEquals("llama-3", models.get(0).path("id").asText());

            String colon = create(gw, "{\"tenant\":\"acme\",\"name\":\"c\",\"models\":[\"llama3:*\"]}").path("key").asText();
            assertEquals(200, gw.chat(colon, TestGateway.chatBody("llama3:8b", "x")).status()); // a model name with a colon
            assertEquals(403, gw.chat(colon, TestGateway.chatBody("llama-3", "x")).status());

            String local = create(gw, "{\"tenant\":\"acme\",\"name\":\"s\",\"endpoints\":[\"stub\"]}").path("key").asText();
            assertEquals(200, gw.chat(local, TestGateway.chatBody("stub", "x")).status());
            var egress = gw.chat(local, TestGateway.chatBody("elsewhere", "x"));
            assertEquals(403, egress.status());
            assertEquals("endpoint_not_allowed", egress.errorCode());
        }
    }

    @Test
    void perKeyRpm() {
        try (TestGateway gw = gateway(new MutableClock(Instant.now()))) {
            String slow = create(gw, "{\"tenant\":\"acme\",\"name\":\"slow\",\"rpm\":2}").path("key").asText();
            String other = create(gw, "{\"tenant\":\"acme\",\"name\":\"other\"}").path("key").asText();
            assertEquals(200, gw.chat(slow, TestGateway.chatBody("stub", "1")).status());
            assertEquals(200, gw.chat(slow, TestGateway.chatBody("stub", "2")).status());
            var third = gw.chat(slow, TestGateway.chatBody("stub", "3"));
            assertEquals(429, third.status());
            assertTrue(third.body().contains("this API key's rate limit of 2"), third.body());
            assertEquals("2", third.header("X-RateLimit-Limit"));
            assertEquals(200, gw.chat(other, TestGateway.chatBody("stub", "x")).status());
        }
    }

    @Test
    void expiryFollowsTheClock() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (TestGateway gw = gateway(clock)) {
            JsonNode k = create(gw, "{\"tenant\":\"acme\",\"name\":\"temp\",\"expires\":\"2d\"}");
            assertEquals("2026-03-03T10:00:00Z", k.path("expires_at").asText());
            String key = k.path("key").asText();
            assertEquals(200, gw.chat(key, TestGateway.chatBody("stub", "x")).status());
            clock.advance(Duration.ofDays(2));
            var expired = gw.chat(key, TestGateway.chatBody("stub", "x"));
            assertEquals(401, expired.status());
            assertEquals("key_expired", expired.errorCode());
        }
    }

    @Test
    void badSpecsAreRefusedWithEveryProblem() {
        try (TestGateway gw = gateway(new MutableClock(Instant.now()))) {
            var bad = gw.post("/admin/keys", ADMIN, "application/json", "{\"tenant\":\"\",\"rpm\":0,\"expires\":\"soon\",\"role\":\"root\"}", Map.of());
            assertEquals(400, bad.status());
            assertEquals("invalid_key_spec", bad.errorCode());
            String m = bad.json().path("error").path("message").asText();
            for (String part : new String[] {"tenant is missing", "name is missing", "rpm is 0", "expires", "role is 'root'"}) {
                assertTrue(m.contains(part), m);
            }
            var unknown = gw.post("/admin/keys", ADMIN, "application/json", "{\"tenant\":\"a\",\"name\":\"b\",\"colour\":1}", Map.of());
            assertEquals(400, unknown.status());
            assertTrue(unknown.body().contains("colour"), unknown.body());
            assertEquals(400, gw.post("/admin/keys", ADMIN, "application/json", "{not json", Map.of()).status());
            assertEquals(400, gw.post("/admin/keys", ADMIN, "application/json", "null", Map.of()).status());
            for (String expires : new String[] {"200000000000000d", "999999999999d", "99999999999999999999d", "36501d"}) {
                var r = gw.post("/admin/keys", ADMIN, "application/json", "{\"tenant\":\"a\",\"name\":\"b\",\"expires\":\"" + expires + "\"}", Map.of());
                assertEquals(400, r.status(), expires + ": " + r.body());
                assertEquals("invalid_key_spec", r.errorCode());
            }
            assertEquals(415, gw.post("/admin/keys", ADMIN, "text/plain", "{}", Map.of()).status());
            assertNull(gw.get("/admin/keys", ADMIN).json().path("data").get(0));
        }
    }

    @Test
    void anAdminKeyCanManageKeys() {
        try (TestGateway gw = gateway(new MutableClock(Instant.now()))) {
            String adminKey = create(gw, "{\"tenant\":\"ops\",\"name\":\"automation\",\"role\":\"admin\"}").path("key").asText();
            var r = gw.post("/admin/keys", adminKey, "application/json", "{\"tenant\":\"acme\",\"name\":\"made-by-key\"}", Map.of());
            assertEquals(201, r.status(), r.body());
            String userKey = r.json().path("key").asText();
            assertEquals(403, gw.get("/admin/keys", userKey).status());
        }
    }
}
