package llmgw.cli;

import java.util.List;
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
    /**
     * The subcommands in the order help lists them. Picocli reads a command's options by reflection when it is added,
     * so {@link #commandLine(Map, String...)} adds only those a command line can reach.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, ScanCommand.class, TokenCommand.class,
            KeysCommand.class, AuditCommand.class, UsageCommand.class, ConfigCommand.class,
            AutoComplete.GenerateCompletion.class, HelpCommand.class);
    private static final List<String> NAMES = List.of("serve", "scan", "token", "keys", "audit", "usage", "config",
            "generate-completion", "help");

    private final Map<String, String> env;

    public Llmgw(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Map<String, String> vars() {
        return env;
    }

    /** A command line with every subcommand, whose failures print one line and map to {@link ExitCodes}. */
    public static CommandLine commandLine(Map<String, String> env) {
        return build(env, SUBCOMMANDS);
    }

    /**
     * The command line for these arguments: {@code --version} gets none of the subcommands and {@code scan ...} only scan,
     * so a short command pays for no other command's options. Help, completion and anything unrecognised get them all
     * (they list or suggest them).
     */
    public static CommandLine commandLine(Map<String, String> env, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) return build(env, List.of());
        int i = args.length == 0 ? -1 : NAMES.indexOf(args[0]);
        if (i < 0 || NAMES.get(i).equals("help") || NAMES.get(i).equals("generate-completion")) return commandLine(env);
        return build(env, List.of(SUBCOMMANDS.get(i)));
    }

    private static CommandLine build(Map<String, String> env, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new Llmgw(env));
        for (Class<?> sub : subcommands) cl.addSubcommand(sub);
        if (subcommands.contains(AutoComplete.GenerateCompletion.class)) {
            cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        }
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
        System.exit(commandLine(System.getenv(), args).execute(args));
    }
}
