package llmgw.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import llmgw.cli.ExitCodes;
import llmgw.cli.UsageException;
import llmgw.cli.options.DataDirOption;
import llmgw.http.admin.KeyViews;
import llmgw.stage.auth.keys.ApiKey;
import llmgw.stage.auth.keys.KeySpec;
import llmgw.stage.auth.keys.KeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code llmgw keys create}: a new API key from a {@link KeySpec}, shown once. */
@Command(name = "create", header = "Create an API key and print it once.",
        mixinStandardHelpOptions = true,
        description = {"Prints the key alone on standard output, and what it is on standard error.",
                "Only a hash of it is kept, so it cannot be shown again. Creates keys.db in the",
                "data dir if it is missing. A running gateway with this data dir accepts the",
                "key at once."},
        footer = {"%nExamples:",
                "  llmgw keys create --tenant acme --name ci-bot",
                "  KEY=$(llmgw keys create --tenant acme --name ci-bot --expires 90d)",
                "  llmgw keys create --tenant acme --name etl --models 'llama-*,stub' --rpm 60",
                "  llmgw keys create --tenant acme --name ops --role admin --json | jq -r .key"})
final class CreateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOption dataDir;

    @Option(names = "--tenant", required = true, description = "Tenant the key belongs to.") String tenant;
    @Option(names = "--name", required = true, description = "What the key is for, e.g. ci-bot; it becomes the caller's subject.") String name;
    @Option(names = "--role", defaultValue = "user", description = "user, admin or auditor (default: ${DEFAULT-VALUE}).") String role;
    @Option(names = "--tier", description = "The caller's tier for policy rules, e.g. standard or premium.") String tier;
    @Option(names = "--models", paramLabel = "GLOBS",
            description = "Comma-separated model patterns the key may use, e.g. 'llama-*,stub' (default: any the tenant may use).")
    List<String> models;
    @Option(names = "--endpoints", paramLabel = "PROVIDERS",
            description = "Comma-separated upstream providers the key may reach, e.g. ollama,stub (default: any).")
    List<String> endpoints;
    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute for this key (default: the gateway's caller rate).") Integer rpm;
    @Option(names = "--daily-tokens", paramLabel = "N", description = "Daily budget in cost-weighted tokens (default: none of its own).")
    Long dailyTokens;
    @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 30d, 90d, 12h (default: never expires).") String expires;
    @Option(names = "--json", description = "Print the key and its settings as one JSON object.") boolean json;

    @Override
    public Integer call() throws Exception {
        KeySpec keySpec = new KeySpec(tenant, name, role, tier, models, endpoints, rpm, dailyTokens, expires);
        List<String> problems = keySpec.problems();
        if (!problems.isEmpty()) throw new UsageException(problems.stream().map(CreateCommand::asOption).collect(Collectors.joining("; ")));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // what keys.db keeps, so --json matches a later list
        KeyStore.Created created;
        try (KeyStore store = KeyStore.open(dataDir.path())) {
            created = store.create(keySpec, now);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode view = KeyViews.json(created.key(), now);
            view.put("key", created.secret());
            out.println(view);
        } else {
            out.println(created.secret());
            summary(spec.commandLine().getErr(), created.key());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void summary(PrintWriter err, ApiKey k) {
        err.println("created API key " + k.id() + " for " + k.tenant() + "/" + k.name() + " (role " + k.role().wireName()
                + (k.expiresAt() == null ? ", never expires)" : ", expires " + k.expiresAt().truncatedTo(ChronoUnit.SECONDS) + ")"));
        err.println("store it now: it cannot be shown again");
        err.flush();
    }

    /** KeySpec's problems start with the field's name; say it as the option the user typed. */
    private static String asOption(String problem) {
        int end = 0;
        while (end < problem.length() && (Character.isLetter(problem.charAt(end)) || problem.charAt(end) == '_')) end++;
        return "--" + problem.substring(0, end).replace('_', '-') + problem.substring(end);
    }
}
