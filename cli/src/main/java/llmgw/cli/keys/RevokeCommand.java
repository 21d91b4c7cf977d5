package llmgw.cli.keys;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import llmgw.cli.ExitCodes;
import llmgw.cli.options.DataDirOption;
import llmgw.stage.auth.keys.ApiKey;
import llmgw.stage.auth.keys.KeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code llmgw keys revoke ID}: marks a key revoked; a second revoke keeps the first time. */
@Command(name = "revoke", header = "Revoke an API key.",
        mixinStandardHelpOptions = true,
        description = {"Marks the key revoked in keys.db; it stays listed with --all. A running",
                "gateway with this data dir refuses the key from its next request on.",
                "Revoking a revoked key changes nothing and succeeds."},
        footer = {"%nExamples:",
                "  llmgw keys revoke 7kq2m9xhtp",
                "  llmgw keys revoke 7kq2m9xhtp --data-dir /var/lib/llmgw"})
final class RevokeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOption dataDir;

    @Parameters(paramLabel = "ID", description = "The key's id, as keys list shows it.") String id;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KeyStore store = KeysCommand.openExisting(dataDir.path())) {
            Optional<ApiKey> before = store.find(id);
            if (before.isEmpty()) throw new IllegalStateException("no API key with id '" + id + "'");
            ApiKey k = before.get();
            if (k.revokedAt() != null) {
                out.println(id + " (" + k.tenant() + "/" + k.name() + ") was already revoked at " + k.revokedAt());
            } else {
                store.revoke(id, Instant.now());
                out.println("revoked " + id + " (" + k.tenant() + "/" + k.name() + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
