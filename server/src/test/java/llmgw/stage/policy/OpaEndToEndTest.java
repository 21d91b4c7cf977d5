package llmgw.stage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import llmgw.api.Json;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.FakeOpa;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Open Policy Agent deciding through HTTP: allow, deny with reasons, and fail-closed or fail-open when OPA fails. */
class OpaEndToEndTest {

    /** Allows tenant acme; denies others with a reason, as a Rego deny set would. */
    private static JsonNode decide(JsonNode input) {
        var result = Json.MAPPER.createObjectNode();
        boolean acme = input.path("tenant").asText().equals("acme");
        result.put("allow", acme);
        var deny = result.putArray("deny");
        if (!acme) deny.add("tenant " + input.path("tenant").asText() + " is not onboarded");
        return result;
    }

    private static TestGateway gateway(FakeOpa opa, String extraYaml) {
        return TestGateway.start("auth:\n  jwt:\n    secret: ${JWT_SECRET}\npolicy:\n  opa:\n    timeout: 300ms\n" + extraYaml,
                Map.of("JWT_SECRET", TestGateway.SECRET, "OPA_URL", opa.url()));
    }

    @Test
    void opaAllowsAndDeniesWithItsReasonsOnTheAuditRow() throws Exception {
        try (FakeOpa opa = new FakeOpa(OpaEndToEndTest::decide); TestGateway gw = gateway(opa, "")) {
            var ok = gw.chat(TestGateway.tieredToken("alice", "acme", "user", "premium"), TestGateway.chatBody("stub", "hi"));
            assertEquals(200, ok.status(), ok.body());
            var denied = gw.chat(TestGateway.token("bob", "globex", "user"), TestGateway.chatBody("stub", "hi"));
            assertEquals(403, denied.status());
            assertEquals("policy_denied", denied.errorCode());
            assertTrue(denied.body().contains("tenant globex is not onboarded"), denied.body());

            JsonNode input = opa.inputs().getFirst();
            assertEquals("alice", input.path("subject").asText());
            assertEquals("premium", input.path("tier").asText());
            assertEquals("user", input.path("role").asText());
            assertEquals("stub", input.path("provider").asText());
            assertEquals("/v1/chat/completions", input.path("endpoint").asText());
            assertTrue(input.path("scan").path("findings").isArray());

            AuditRecord deny = gw.auditRows().get(1);
            assertEquals("opa:llmgw/authz", deny.governance().policyVersion());
            assertTrue(deny.reasons().contains("policy: tenant globex is not onboarded"), deny.reasons().toString());

            var ready = gw.get("/readyz", null);
            assertEquals(200, ready.status());
            assertEquals("OPA", ready.json().path("mode").asText());
            assertEquals("ok", ready.json().path("checks").path("policy").asText());
            assertEquals(409, gw.put("/admin/policy", TestGateway.token("root", "ops", "admin"), "application/yaml", "default: allow\n").status());
            assertEquals("OPA", gw.get("/admin/policy", TestGateway.token("root", "ops", "admin")).json().path("mode").asText());
        }
    }

    @Test
    void failsClosedOnTimeoutGarbageAndOutage() throws Exception {
        String user = TestGateway.token("alice", "acme", "user");
        try (FakeOpa opa = new FakeOpa(OpaEndToEndTest::decide); TestGateway gw = gateway(opa, "    cache_ttl: 0s\n")) {
            opa.hang(Duration.ofSeconds(2));
            long start = System.nanoTime();
            var slow = gw.chat(user, TestGateway.chatBody("stub", "hi"));
            assertEquals(403, slow.status());
            assertTrue(slow.body().contains("policy engine unavailable"), slow.body());
            assertTrue(System.nanoTime() - start < 1_500_000_000L, "the timeout did not cut the wait short");

            opa.garbage();
            var garbage = gw.chat(user, TestGateway.chatBody("stub", "hi"));
            assertEquals(403, garbage.status());
            assertTrue(garbage.body().contains("policy engine unavailable"), garbage.body());

            opa.normal();
            assertEquals(200, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            opa.close();
            assertEquals(403, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            var ready = gw.get("/readyz", null);
            assertEquals(503, ready.status());
            assertEquals("failing", ready.json().path("checks").path("policy").asText());
        }
    }

    @Test
    void failOpenLetsRequestsThroughAndSaysSoOnTheAuditRow() throws Exception {
        try (FakeOpa opa = new FakeOpa(OpaEndToEndTest::decide); TestGateway gw = gateway(opa, "    fail_open: true\n")) {
            opa.garbage();
            var r = gw.chat(TestGateway.token("bob", "globex", "user"), TestGateway.chatBody("stub", "hi"));
            assertEquals(200, r.status(), r.body());
            AuditRecord row = gw.auditRows().getFirst();
            assertTrue(row.reasons().stream().anyMatch(s -> s.contains("fail_open")), row.reasons().toString());
        }
    }
}
