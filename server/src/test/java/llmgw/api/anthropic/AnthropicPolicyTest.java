package llmgw.api.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.Test;

/** The policy decides /v1/messages as it does chat completions; a deny reaches the client in Anthropic's shape. */
class AnthropicPolicyTest {

    @Test
    void aPolicyDenyIsA403PermissionError() throws Exception {
        Path dir = TestGateway.newDataDir();
        Files.writeString(dir.resolve("policy.yaml"), """
                default: deny
                rules:
                  - name: llama-only
                    match: {tenant: acme}
                    models: ["llama-*"]
                """);
        try (TestGateway gw = TestGateway.start("auth:\n  jwt:\n    secret: ${JWT_SECRET}\nmodels:\n"
                + "  - {name: stub, provider: stub}\n  - {name: llama-3, provider: stub}\n",
                Map.of("JWT_SECRET", TestGateway.SECRET), Clock.systemUTC(), dir)) {
            String alice = TestGateway.token("alice", "acme", "user");
            String body = "{\"model\":\"%s\",\"max_tokens\":20," + AnthropicRequestDecoderTest.MSG + "}";
            Reply allowed = gw.post("/v1/messages", null, "application/json", body.formatted("llama-3"), Map.of("x-api-key", alice));
            assertEquals(200, allowed.status(), allowed.body());
            Reply denied = gw.post("/v1/messages", null, "application/json", body.formatted("stub"), Map.of("x-api-key", alice));
            AnthropicMessagesTest.assertError(denied, 403, "permission_error", "policy_denied");
            assertTrue(denied.json().path("error").path("message").asText().contains("model 'stub' is not among [llama-*]"), denied.body());
            AuditRecord row = gw.auditRows().getLast();
            assertEquals("/v1/messages", row.endpoint());
            assertEquals("deny", row.decision());
            assertEquals("alice", row.subject());
        }
    }
}
