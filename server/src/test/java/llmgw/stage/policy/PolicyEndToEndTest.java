package llmgw.stage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The local policy through HTTP: decisions with reasons on the audit row, hot reload, and updates that survive a restart. */
class PolicyEndToEndTest {
    private static final String MODELS = """
            models:
              - {name: stub, provider: stub}
              - {name: llama-3, provider: stub}
            rate_limit: {requests_per_minute: 100000, burst: 100000}
            """;
    private static final String ONLY_LLAMA = """
            default: deny
            rules:
              - name: llama-only
                match: {tenant: acme}
                models: ["llama-*"]
            """;

    private static TestGateway gateway(Path dataDir, String extraYaml) {
        return TestGateway.start("auth:\n  jwt:\n    secret: ${JWT_SECRET}\n" + MODELS + extraYaml, Map.of("JWT_SECRET", TestGateway.SECRET),
                Clock.systemUTC(), dataDir);
    }

    @Test
    void builtInPolicyAllowsAndEveryRowNamesTheVersion() {
        try (TestGateway gw = TestGateway.dev()) {
            assertEquals(200, gw.chat("dev-token", TestGateway.chatBody("stub", "hi")).status());
            AuditRecord row = gw.auditRows().getFirst();
            assertEquals("local:0", row.governance().policyVersion());
            assertTrue(row.reasons().contains("policy: no rule applies; the policy's default is allow"), row.reasons().toString());
            var policy = gw.get("/admin/policy", "dev-token").json();
            assertEquals("LOCAL", policy.path("mode").asText());
            assertEquals("built-in", policy.path("source").asText());
        }
    }

    @Test
    void denyIsA403WithReasonsAndTheAuditRowKeepsThem() throws Exception {
        Path dir = TestGateway.newDataDir();
        Files.writeString(dir.resolve("policy.yaml"), ONLY_LLAMA);
        try (TestGateway gw = gateway(dir, "")) {
            String user = TestGateway.token("alice", "acme", "user");
            assertEquals(200, gw.chat(user, TestGateway.chatBody("llama-3", "hi")).status());
            var denied = gw.chat(user, TestGateway.chatBody("stub", "hi"));
            assertEquals(403, denied.status());
            assertEquals("policy_denied", denied.errorCode());
            assertTrue(denied.json().path("error").path("message").asText().contains("model 'stub' is not among [llama-*]"), denied.body());
            var other = gw.chat(TestGateway.token("bob", "globex", "user"), TestGateway.chatBody("llama-3", "hi"));
            assertEquals(403, other.status());
            List<AuditRecord> rows = gw.auditRows();
            assertEquals("allow", rows.get(0).decision());
            assertEquals("local:1", rows.get(0).governance().policyVersion());
            assertEquals("deny", rows.get(1).decision());
            assertTrue(rows.get(1).reasons().contains("policy: rule llama-only: model 'stub' is not among [llama-*]"), rows.get(1).reasons().toString());
            assertTrue(rows.get(2).reasons().contains("policy: no rule applies; the policy's default is deny"), rows.get(2).reasons().toString());
        }
    }

    @Test
    void theFileIsReloadedWhenItChangesAndABrokenEditIsRefused() throws Exception {
        Path dir = TestGateway.newDataDir();
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, ONLY_LLAMA);
        try (TestGateway gw = gateway(dir, "policy: {reload_interval: 50ms}\n")) {
            String user = TestGateway.token("alice", "acme", "user");
            assertEquals(403, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            Files.writeString(file, ONLY_LLAMA.replace("\"llama-*\"", "\"llama-*\", stub"));
            awaitVersion(gw, "local:2");
            assertEquals(200, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());

            Files.writeString(file, "rules:\n  - name: broken\n    effect: sometimes\n");
            Thread.sleep(400); // several reload rounds
            var policy = gw.get("/admin/policy", TestGateway.token("root", "ops", "admin")).json();
            assertEquals("local:2", policy.path("version").asText());
            assertEquals(200, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
        }
    }

    @Test
    void putValidatesPersistsAndSurvivesARestart() throws Exception {
        Path dir = TestGateway.newDataDir();
        String admin = TestGateway.token("root", "ops", "admin");
        String user = TestGateway.token("alice", "acme", "user");
        try (TestGateway gw = gateway(dir, "")) {
            var bad = gw.put("/admin/policy", admin, "application/yaml", "default: sometimes\n");
            assertEquals(400, bad.status());
            assertEquals("invalid_policy", bad.errorCode());
            assertTrue(bad.json().path("error").path("message").asText().contains("default"), bad.body());
            assertEquals(415, gw.put("/admin/policy", admin, "application/xml", ONLY_LLAMA).status());
            assertEquals(403, gw.put("/admin/policy", user, "application/yaml", ONLY_LLAMA).status());
            assertEquals(200, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());

            var ok = gw.put("/admin/policy", admin, "application/yaml", ONLY_LLAMA);
            assertEquals(200, ok.status(), ok.body());
            assertEquals("local:1", ok.json().path("version").asText());
            assertEquals("local:0", ok.json().path("previous_version").asText());
            assertEquals(403, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            // JSON is YAML too.
            var json = gw.put("/admin/policy", admin, "application/json",
                    "{\"default\": \"deny\", \"rules\": [{\"name\": \"all\", \"match\": {\"tenant\": \"acme\"}}]}");
            assertEquals("local:2", json.json().path("version").asText());
            assertEquals(200, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            assertTrue(gw.auditRows().stream().anyMatch(r -> r.reasons().contains("admin: policy local:1 -> local:2")));
        }
        try (TestGateway again = gateway(dir, "")) {
            var policy = again.get("/admin/policy", admin).json();
            assertEquals("local:2", policy.path("version").asText());
            assertTrue(policy.path("policy").asText().contains("\"name\": \"all\""), policy.toString());
            assertEquals(200, again.chat(user, TestGateway.chatBody("stub", "hi")).status());
            assertEquals(403, again.chat(TestGateway.token("bob", "globex", "user"), TestGateway.chatBody("stub", "hi")).status());
        }
        assertTrue(Files.exists(dir.resolve("policy-versions/000002.yaml")));
    }

    @Test
    void putNeverExpandsEnvironmentVariables() {
        try (TestGateway gw = gateway(TestGateway.newDataDir(), "")) {
            String admin = TestGateway.token("root", "ops", "admin");
            var r = gw.put("/admin/policy", admin, "application/yaml",
                    "default: deny\nrules:\n  - name: leak\n    effect: deny\n    reason: \"${JWT_SECRET}\"\n");
            assertEquals(400, r.status());
            assertTrue(!r.body().contains(TestGateway.SECRET), r.body());
            assertEquals("local:0", gw.get("/admin/policy", admin).json().path("version").asText());
        }
    }

    @Test
    void aFileEditedAfterAnUpdateReplacesItNowAndAfterARestart() throws Exception {
        Path dir = TestGateway.newDataDir();
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, ONLY_LLAMA);
        String admin = TestGateway.token("root", "ops", "admin");
        String user = TestGateway.token("alice", "acme", "user");
        try (TestGateway gw = gateway(dir, "policy: {reload_interval: 50ms}\n")) {
            assertEquals(200, gw.put("/admin/policy", admin, "application/yaml", "default: allow\n").status());
            assertEquals(200, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            assertTrue(Files.exists(dir.resolve("policy-runtime.yaml")));
            Files.writeString(file, ONLY_LLAMA + "# edited\n");
            awaitVersion(gw, "local:3");
            assertEquals(403, gw.chat(user, TestGateway.chatBody("stub", "hi")).status());
            assertTrue(!Files.exists(dir.resolve("policy-runtime.yaml")), "the outdated update is dropped");
        }
        // A broken file at start: the last policy in force stays rather than none or allow-all.
        Files.writeString(file, "default: sometimes\n");
        try (TestGateway again = gateway(dir, "")) {
            assertEquals("local:3", again.get("/admin/policy", admin).json().path("version").asText());
            assertEquals(403, again.chat(user, TestGateway.chatBody("stub", "hi")).status());
        }
    }

    @Test
    void aConfiguredPolicyFileThatIsMissingStopsTheStart() {
        Path dir = TestGateway.newDataDir();
        var e = org.junit.jupiter.api.Assertions.assertThrows(llmgw.config.ConfigException.class,
                () -> gateway(dir, "policy: {file: " + dir.resolve("nope.yaml") + "}\n"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void policyCapsMaxTokensAndSeesTheCallersTier() throws Exception {
        Path dir = TestGateway.newDataDir();
        Files.writeString(dir.resolve("policy.yaml"), Files.readString(Path.of("../config-samples/policy.yaml")));
        try (TestGateway gw = gateway(dir, "")) {
            String free = TestGateway.tieredToken("alice", "acme", "user", "free");
            String gold = TestGateway.tieredToken("carol", "acme", "user", "gold");
            var tooMany = gw.chat(free, "{\"model\":\"stub\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(403, tooMany.status());
            assertTrue(tooMany.body().contains("max_tokens 2000 is above the 512 allowed"), tooMany.body());
            var tools = gw.chat(free, "{\"model\":\"stub\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(403, tools.status());
            assertTrue(tools.body().contains("tools are not allowed"), tools.body());
            assertEquals(403, gw.chat(gold, TestGateway.chatBody("stub", "hi")).status());
            assertEquals(200, gw.chat(free, TestGateway.chatBody("stub", "hi")).status());
            assertEquals("free", gw.auditRows().getLast().governance().tier());
        }
    }

    private static void awaitVersion(TestGateway gw, String version) throws InterruptedException {
        String admin = TestGateway.token("root", "ops", "admin");
        for (int i = 0; i < 100; i++) {
            if (gw.get("/admin/policy", admin).json().path("version").asText().equals(version)) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the policy never reached " + version);
    }
}
