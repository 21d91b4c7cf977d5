package llmgw.api.ollama;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Who may use the Ollama surface: the same roles, tenants and audit rows as the OpenAI one. */
class OllamaApiAccessTest {

    @Test
    void rolesTenantsAndAuditApplyAsOnEveryOtherRoute() {
        try (TestGateway gw = TestGateway.withJwt("""
                models:
                  - {name: stub, provider: stub}
                  - {name: "gpt-mini", provider: stub}
                tenants:
                  restricted:
                    models: ["gpt-*"]
                """)) {
            String user = TestGateway.token("alice", "acme", "user");
            String restricted = TestGateway.token("bob", "restricted", "user");
            String auditor = TestGateway.token("carol", "acme", "auditor");
            assertEquals(List.of("stub", "gpt-mini"), names(gw.get("/api/tags", user)));
            assertEquals(List.of("gpt-mini"), names(gw.get("/api/tags", restricted)));

            var denied = gw.get("/api/tags", auditor);
            assertEquals(403, denied.status());
            assertTrue(denied.json().path("error").asText().contains("role"), denied.body());
            var otherTenant = gw.post("/api/chat", restricted, "application/json",
                    "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
            assertEquals(403, otherTenant.status());
            assertTrue(otherTenant.json().path("error").asText().contains("may not use model 'stub'"), otherTenant.body());

            var rows = gw.auditRows();
            assertEquals(List.of("/api/tags", "/api/tags", "/api/tags", "/api/chat"), rows.stream().map(r -> r.endpoint()).toList());
            assertEquals(List.of("alice", "bob", "carol", "bob"), rows.stream().map(r -> r.subject()).toList());
        }
    }

    private static List<String> names(TestGateway.Reply r) {
        assertEquals(200, r.status(), r.body());
        return r.json().path("models").findValuesAsText("name");
    }
}
