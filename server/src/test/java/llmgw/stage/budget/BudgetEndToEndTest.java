package llmgw.stage.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.FakeUpstream;
import llmgw.testing.MutableClock;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * Daily token budgets over HTTP. The stub answers "Hello from the llmgw stub model. You said: hi"
 * to "hi": 1 prompt token and 12 completion tokens, 13 in all.
 */
class BudgetEndToEndTest {
    private static final String ADMIN = "dev-token";

    private static String config(String extra) {
        return """
                models:
                  - {name: stub, provider: stub}
                  - {name: big, provider: stub}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                budgets:
                  cost_tiers: {frontier: 15, standard: 1, embedding: 0.1}
                  models: {stub: standard}
                """ + extra;
    }

    private static String ask(String model, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void tenantBudgetRunsOutAndResetsAtUtcMidnight() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T22:00:00Z"));
        try (TestGateway gw = TestGateway.start(config("tenants:\n  dev: {daily_tokens: 100}\n"), Map.of(), clock, TestGateway.newDataDir())) {
            // Each call reserves 1 + 20 and uses 13: after 7 calls 91 are used and 91 + 21 > 100.
            for (int i = 0; i < 7; i++) assertEquals(200, gw.chat(ADMIN, ask("stub", 20)).status(), "call " + i);
            var refused = gw.chat(ADMIN, ask("stub", 20));
            assertEquals(429, refused.status());
            assertEquals("budget_exhausted", refused.errorCode());
            String m = refused.json().path("error").path("message").asText();
            assertTrue(m.contains("tenant dev") && m.contains("91 of 100 used") && m.contains("2026-03-02T00:00:00Z"), m);
            assertEquals("7200", refused.header("Retry-After"));
            assertEquals("2026-03-02T00:00:00Z", refused.header("X-Budget-Reset"));
            // A smaller request still fits in what is left: 1 + 8 reserved, and 9 used (the stub stops at 8 tokens).
            assertEquals(200, gw.chat(ADMIN, ask("stub", 8)).status());

            JsonNode budgets = gw.get("/admin/budget", ADMIN).json();
            assertEquals(100, budgets.path("budgets").get(0).path("used").asLong());
            assertEquals(0, budgets.path("budgets").get(0).path("reserved").asLong());

            clock.advance(Duration.ofHours(2));
            assertEquals(200, gw.chat(ADMIN, ask("stub", 20)).status());
            assertEquals("2026-03-02", gw.get("/admin/budget", ADMIN).json().path("day").asText());
        }
    }

    @Test
    void aRequestBiggerThanTheWholeBudgetIsA400NotAWait() {
        try (TestGateway gw = TestGateway.start(config("tenants:\n  dev: {daily_tokens: 100}\n"), Map.of(),
                new MutableClock(Instant.now()), TestGateway.newDataDir())) {
            var r = gw.chat(ADMIN, ask("stub", 500));
            assertEquals(400, r.status());
            assertEquals("request_over_budget", r.errorCode());
            assertNull(r.header("Retry-After"));
            assertEquals(200, gw.chat(ADMIN, ask("stub", 20)).status());
            // A key for a tenant the config does not name escapes tenant budgets: the answer says so.
            var typo = gw.post("/admin/keys", ADMIN, "application/json", "{\"tenant\":\"deev\",\"name\":\"k\"}", Map.of());
            assertEquals(201, typo.status());
            assertTrue(typo.json().path("warning").asText().contains("'deev' is not among the configured tenants [dev]"), typo.body());
        }
    }

    @Test
    void aStreamCutShortByTheClientStillCountsWhatItUsed() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream();
             TestGateway gw = TestGateway.withUpstream(upstream, """
                     tenants:
                       dev: {daily_tokens: 100000}
                     budgets:
                       models: {up: standard}
                     """)) {
            upstream.behave(upstream.endlessStream());
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"up\",\"stream\":true,\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            try (var client = java.net.http.HttpClient.newHttpClient()) {
                var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                try (var body = response.body()) {
                    body.readNBytes(2000); // some of the answer, then hang up
                }
            }
            JsonNode b = null;
            for (int i = 0; i < 100; i++) {
                b = gw.get("/admin/budget", ADMIN).json().path("budgets").get(0);
                if (b.path("reserved").asLong() == 0 && gw.auditRows().stream().anyMatch(r -> "up".equals(r.model()))) break;
                Thread.sleep(50);
            }
            assertEquals(0, b.path("reserved").asLong(), b.toString());
            AuditRecord row = gw.auditRows().stream().filter(r -> "up".equals(r.model())).findFirst().orElseThrow();
            assertTrue(row.governance().budgetUnits() > 0, "tokens streamed before the hang-up count");
            assertEquals(row.governance().budgetUnits(), b.path("used").asLong());
        }
    }

    @Test
    void costTiersWeighTokensAndUnassignedModelsCountAsTheDearest() {
        Path dir = TestGateway.newDataDir();
        try (TestGateway gw = TestGateway.start(config(""), Map.of(), new MutableClock(Instant.now()), dir)) {
            gw.chat(ADMIN, ask("stub", 50));
            gw.chat(ADMIN, ask("big", 50));
            List<AuditRecord> rows = gw.auditRows();
            assertEquals("standard", rows.get(0).governance().costTier());
            assertEquals(13, rows.get(0).governance().budgetUnits());
            assertEquals("frontier", rows.get(1).governance().costTier());
            assertEquals(13 * 15, rows.get(1).governance().budgetUnits());

            var bad = gw.put("/admin/budget/assignments", ADMIN, "application/json", "{\"assignments\":{\"big\":\"premium\"}}");
            assertEquals(400, bad.status());
            assertEquals("invalid_assignment", bad.errorCode());
            var ok = gw.put("/admin/budget/assignments", ADMIN, "application/json", "{\"assignments\":{\"big\":\"embedding\"}}");
            assertEquals(200, ok.status(), ok.body());
            assertEquals("embedding", ok.json().path("assignments").path("big").asText());
            gw.chat(ADMIN, ask("big", 50));
            AuditRecord cheaper = gw.auditRows().stream().filter(r -> "big".equals(r.model())).toList().getLast();
            assertEquals(2, cheaper.governance().budgetUnits()); // 13 × 0.1, rounded up
        }
        try (TestGateway again = TestGateway.start(config(""), Map.of(), new MutableClock(Instant.now()), dir)) {
            JsonNode a = again.get("/admin/budget/assignments", ADMIN).json();
            assertEquals("embedding", a.path("assignments").path("big").asText());
            assertEquals("frontier", a.path("unassigned_tier").asText());
        }
    }

    @Test
    void keyBudgetsAreTheirOwnAndSurviveARestart() {
        Path dir = TestGateway.newDataDir();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12)));
        String key;
        try (TestGateway gw = TestGateway.start(config(""), Map.of(), clock, dir)) {
            var created = gw.post("/admin/keys", ADMIN, "application/json", "{\"tenant\":\"acme\",\"name\":\"b\",\"daily_tokens\":40}", Map.of());
            key = created.json().path("key").asText();
            // 1 + 20 reserved, 13 used: two calls use 26, the third needs 21 more and 26 + 21 > 40.
            assertEquals(200, gw.chat(key, ask("stub", 20)).status());
            assertEquals(200, gw.chat(key, ask("stub", 20)).status());
            var refused = gw.chat(key, ask("stub", 20));
            assertEquals(429, refused.status());
            assertTrue(refused.body().contains("API key " + created.json().path("id").asText()), refused.body());
            assertEquals(200, gw.chat(ADMIN, ask("stub", 20)).status()); // other callers are not affected
            JsonNode keyBudget = gw.get("/admin/budget", ADMIN).json().path("budgets").get(0);
            assertEquals("key:" + created.json().path("id").asText(), keyBudget.path("scope").asText());
            assertEquals(40, keyBudget.path("limit").asLong());
            assertEquals(26, keyBudget.path("used").asLong());
        }
        // The audit log remembers today's use.
        try (TestGateway again = TestGateway.start(config(""), Map.of(), clock, dir)) {
            assertEquals(429, again.chat(key, ask("stub", 20)).status());
        }
    }

    @Test
    void streamedCallsSettleWithRealUsageAndFailedCallsReleaseTheirReservation() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream();
             TestGateway gw = TestGateway.withUpstream(upstream, """
                     tenants:
                       dev: {daily_tokens: 1000}
                     budgets:
                       models: {stub: standard, up: standard}
                     """)) {
            var streamed = gw.chat(ADMIN, "{\"model\":\"stub\",\"stream\":true,\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, streamed.status());
            JsonNode b = gw.get("/admin/budget", ADMIN).json().path("budgets").get(0);
            assertEquals(13, b.path("used").asLong());
            assertEquals(0, b.path("reserved").asLong());

            upstream.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            var failed = gw.chat(ADMIN, ask("up", 100));
            assertTrue(failed.status() >= 500, failed.body());
            b = gw.get("/admin/budget", ADMIN).json().path("budgets").get(0);
            assertEquals(13, b.path("used").asLong());
            assertEquals(0, b.path("reserved").asLong());
        }
    }

    @Test
    void pricesGiveEachRowACostAndUsageSumsThem() {
        try (TestGateway gw = TestGateway.start(config("prices:\n  stub: {input: 1000, output: 2000}\n"), Map.of(),
                new MutableClock(Instant.now()), TestGateway.newDataDir())) {
            String key = gw.post("/admin/keys", ADMIN, "application/json", "{\"tenant\":\"acme\",\"name\":\"k\"}", Map.of())
                    .json().path("key").asText();
            gw.chat(ADMIN, ask("stub", 50));
            gw.chat(key, ask("stub", 50));
            gw.chat(key, ask("stub", 50));
            gw.chat(key, ask("big", 50));
            List<AuditRecord> rows = gw.auditRows().stream().filter(r -> r.model() != null).toList();
            assertEquals((1 * 1000 + 12 * 2000) / 1e6, rows.get(0).governance().costUsd(), 1e-12);
            assertNull(rows.get(3).governance().costUsd()); // big has no price

            JsonNode usage = gw.get("/admin/usage?tenant=acme", ADMIN).json();
            JsonNode stubRow = usage.path("rows").get(1);
            assertEquals("stub", stubRow.path("model").asText());
            assertEquals(2, stubRow.path("requests").asLong());
            assertEquals(24, stubRow.path("completion_tokens").asLong());
            assertEquals(2 * 0.025, stubRow.path("cost_usd").asDouble(), 1e-9);
            assertEquals(3, usage.path("totals").path("requests").asLong());
            assertEquals(2 * 13 + 13 * 15, usage.path("totals").path("budget_units").asLong());
            assertEquals(4, gw.get("/admin/usage", ADMIN).json().path("totals").path("requests").asLong());
            assertEquals(0, gw.get("/admin/usage?from=2020-01-01&to=2020-01-02", ADMIN).json().path("rows").size());
            var bad = gw.get("/admin/usage?from=yesterday", ADMIN);
            assertEquals(400, bad.status());
            assertEquals("invalid_period", bad.errorCode());
            assertEquals(400, gw.get("/admin/usage?to=%2B300000000-01-01T00:00:00Z", ADMIN).status());
            assertEquals(400, gw.put("/admin/budget/assignments", ADMIN, "application/json", "null").status());
        }
    }
}
