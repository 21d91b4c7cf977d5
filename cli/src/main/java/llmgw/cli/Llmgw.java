package llmgw.cli;

import java.util.Map;
import llmgw.cli.audit.AuditCommand;
import llmgw.cli.config.ConfigCommand;
import llmgw.cli.keys.KeysCommand;
import llmgw.cli.scan.ScanCommand;
import llmgw.cli.token.TokenCommand;
import llmgw.cli.usage.UsageCommand;
import llmgw.config.ConfigException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code llmgw} command: a security gateway for LLM traffic. */
@Command(name = "llmgw",
        header = "A security gateway for LLM traffic.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {ServeCommand.class, ScanCommand.class, TokenCommand.class, KeysCommand.class, AuditCommand.class,
                UsageCommand.class, ConfigCommand.class,
                AutoComplete.GenerateCompletion.class, HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Success.", "1:The command failed (the message says why).", "2:Invalid command line."},
        footer = {"%nExamples:",
                "  llmgw serve                      start a local gateway (stub model, dev-token)",
                "  llmgw token mint --sub alice --tenant acme --secret-env JWT_SECRET",
                "  llmgw scan --fail-on high src/",
                "  KEY=$(llmgw keys create --tenant acme --name ci-bot --expires 90d)",
                "  llmgw audit tail -f",
                "  llmgw usage --tenant acme --from 2026-11-01",
                "  llmgw config validate gateway.yaml"})
public final class Llmgw implements Env {
    private final Map<String, String> env;

    public Llmgw(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Map<String, String> vars() {
        return env;
    }

    /** A command line whose failures print one line and map to {@link ExitCodes}. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new Llmgw(env));
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof ConfigException ce ? ce.getMessage() : e.getMessage();
            if (message == null || message.isBlank()) message = e.getClass().getSimpleName();
            cmd.getErr().println("llmgw: " + message.replace("\n", "\n  "));
            return e instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("llmgw: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }
}
