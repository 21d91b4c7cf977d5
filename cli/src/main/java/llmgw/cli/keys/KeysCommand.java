package llmgw.cli.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import llmgw.stage.auth.keys.KeyStore;
import picocli.CommandLine.Command;

/** {@code llmgw keys}: the API keys in a data dir's keys.db. */
@Command(name = "keys", header = "Create, list and revoke API keys.",
        mixinStandardHelpOptions = true,
        description = {"Works on keys.db in the data dir. A running gateway reads keys.db on every",
                "request, so a key created or revoked here counts at once, without a restart."},
        subcommands = {CreateCommand.class, ListCommand.class, RevokeCommand.class},
        footer = {"%nExamples:",
                "  KEY=$(llmgw keys create --tenant acme --name ci-bot --expires 90d)",
                "  llmgw keys list --tenant acme",
                "  llmgw keys revoke 7kq2m9xhtp"})
public final class KeysCommand {

    /** Opens the key store of a data dir that already has one; listing or revoking never creates it. */
    static KeyStore openExisting(Path dataDir) throws SQLException {
        Path file = dataDir.resolve(KeyStore.FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no API key database at " + file + " (create a key first, or pass the gateway's --data-dir)");
        }
        return KeyStore.open(dataDir);
    }
}
