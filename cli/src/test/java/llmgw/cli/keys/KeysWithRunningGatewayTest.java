package llmgw.cli.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import llmgw.cli.CliRun;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** A key made and revoked by the CLI counts at once for a gateway running on the same data dir. */
class KeysWithRunningGatewayTest {

    @Test
    void createUseRevokeAgainstARunningGateway() {
        try (TestGateway gw = TestGateway.withJwt("")) {
            String dir = gw.dataDir().toString();
            CliRun created = CliRun.run("keys", "create", "--tenant", "acme", "--name", "cli-made", "--models", "stub", "--data-dir", dir);
            assertEquals(0, created.exit(), created.err());
            String key = created.out().strip();
            assertEquals(200, gw.chat(key, TestGateway.chatBody("stub", "hi")).status());
            assertEquals("cli-made", gw.auditRows().getLast().subject());

            CliRun revoked = CliRun.run("keys", "revoke", key.split("_")[1], "--data-dir", dir);
            assertEquals(0, revoked.exit(), revoked.err());
            var after = gw.chat(key, TestGateway.chatBody("stub", "hi"));
            assertEquals(401, after.status());
            assertEquals("key_revoked", after.errorCode());
        }
    }
}
