package llmgw.cli.keys;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import llmgw.cli.ExitCodes;
import llmgw.cli.Table;
import llmgw.cli.options.DataDirOption;
import llmgw.http.admin.KeyViews;
import llmgw.stage.auth.keys.ApiKey;
import llmgw.stage.auth.keys.KeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code llmgw keys list}: the keys of keys.db as columns or JSON lines, without secrets or hashes. */
@Command(name = "list", header = "List API keys, newest first, never the keys themselves.",
        mixinStandardHelpOptions = true,
        description = {"Shows the active keys of keys.db in the data dir; --all adds the revoked and",
                "expired ones. Times are UTC. A running gateway uses exactly these keys."},
        footer = {"%nExamples:",
                "  llmgw keys list",
                "  llmgw keys list --tenant acme --all",
                "  llmgw keys list --json | jq -r 'select(.role == \"admin\") | .id'"})
final class ListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    @Spec CommandSpec spec;
    @Mixin DataDirOption dataDir;

    @Option(names = "--tenant", description = "Only this tenant's keys.") String tenant;
    @Option(names = "--all", description = "Also the revoked and expired keys.") boolean all;
    @Option(names = "--json", description = "One JSON object a line instead of columns.") boolean json;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        List<ApiKey> keys;
        try (KeyStore store = KeysCommand.openExisting(dataDir.path())) {
            keys = store.list(tenant == null || tenant.isBlank() ? null : tenant);
        }
        List<ApiKey> shown = all ? keys : keys.stream().filter(k -> k.status(now).equals("active")).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            for (ApiKey k : shown) out.println(KeyViews.json(k, now));
        } else {
            table(shown, now).print(out);
        }
        out.flush();
        int hidden = keys.size() - shown.size();
        if (hidden > 0 && !json) spec.commandLine().getErr().println(hidden + " revoked or expired not shown; --all shows them");
        return ExitCodes.OK;
    }

    private static Table table(List<ApiKey> keys, Instant now) {
        Table t = new Table("ID", "TENANT", "NAME", "ROLE", "TIER", "MODELS", "ENDPOINTS", ">RPM", ">DAILY_TOKENS", "EXPIRES", "STATUS");
        for (ApiKey k : keys) {
            t.row(k.id(), k.tenant(), k.name(), k.role().wireName(), k.tier(), joined(k.models()), joined(k.providers()), k.rpm(),
                    k.dailyTokens(), k.expiresAt() == null ? "never" : TIME.format(k.expiresAt()), k.status(now));
        }
        return t;
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? "-" : String.join(",", values);
    }
}
