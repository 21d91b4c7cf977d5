package llmgw.cli.token;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import llmgw.cli.CliRun;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MintCommandTest {
    static final Map<String, String> ENV = Map.of("JWT_SECRET", TestGateway.SECRET);

    @Test
    void mintedTokenIsAcceptedByTheGateway() {
        CliRun r = CliRun.run(ENV, "token", "mint", "--sub", "alice", "--tenant", "acme");
        assertEquals(0, r.exit(), r.err());
        String token = r.out().trim();
        try (TestGateway gw = TestGateway.withJwt("")) {
            assertEquals(200, gw.chat(token, TestGateway.chatBody("stub", "hi")).status());
            var row = gw.auditRows().getFirst();
            assertEquals("alice", row.subject());
            assertEquals("acme", row.tenant());
        }
    }

    @Test
    void secretCanComeFromAnotherVariableOrAConfig(@TempDir Path dir) throws Exception {
        CliRun other = CliRun.run(Map.of("GW_SECRET", TestGateway.SECRET), "token", "mint", "--sub", "a", "--tenant", "t",
                "--secret-env", "GW_SECRET", "--role", "admin", "--ttl", "5m");
        assertEquals(0, other.exit(), other.err());
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, "auth:\n  jwt:\n    secret: " + TestGateway.SECRET + "\n    issuer: https://idp.example\n    audience: llmgw\n");
        CliRun fromConfig = CliRun.run(Map.of(), "token", "mint", "--sub", "a", "--tenant", "t", "--config", cfg.toString());
        assertEquals(0, fromConfig.exit(), fromConfig.err());
        try (TestGateway gw = TestGateway.start(Files.readString(cfg), Map.of())) {
            assertEquals(200, gw.chat(fromConfig.out().trim(), TestGateway.chatBody("stub", "hi")).status(), "iss and aud match");
            assertEquals(401, gw.chat(other.out().trim(), TestGateway.chatBody("stub", "hi")).status(), "no iss/aud");
        }
    }

    @Test
    void badInputFailsWithOneLine() {
        assertOneLineFailure(CliRun.run(Map.of(), "token", "mint", "--sub", "a", "--tenant", "t"), "JWT_SECRET is not set");
        assertOneLineFailure(CliRun.run(Map.of("JWT_SECRET", "short"), "token", "mint", "--sub", "a", "--tenant", "t"), "shorter than 32 bytes");
        assertOneLineFailure(CliRun.run(ENV, "token", "mint", "--sub", "a", "--tenant", "t", "--role", "root"), "--role", 2);
        assertOneLineFailure(CliRun.run(ENV, "token", "mint", "--sub", "a", "--tenant", "t", "--ttl", "forever"), "--ttl", 2);
        CliRun missing = CliRun.run(ENV, "token", "mint", "--sub", "a");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--tenant"));
    }

    private static void assertOneLineFailure(CliRun r, String text) {
        assertOneLineFailure(r, text, 1);
    }

    private static void assertOneLineFailure(CliRun r, String text, int exit) {
        assertEquals(exit, r.exit());
        assertTrue(r.err().startsWith("llmgw: ") && r.err().contains(text), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out());
    }
}
