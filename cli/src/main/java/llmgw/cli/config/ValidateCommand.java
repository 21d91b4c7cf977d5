package llmgw.cli.config;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import llmgw.cli.Env;
import llmgw.cli.ExitCodes;
import llmgw.config.ConfigError;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", header = "Check a config file and list every problem in it.",
        mixinStandardHelpOptions = true,
        description = "Reads the file as 'llmgw serve --config FILE' would, with ${ENV} references and environment overrides applied.",
        footer = {"%nExamples:",
                "  llmgw config validate gateway.yaml",
                "  JWT_SECRET=... llmgw config validate config-samples/gateway.prod.yaml"})
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The YAML config to check.")
    Path file;

    @Override
    public Integer call() {
        Env env = (Env) spec.root().userObject();
        try {
            new ConfigLoader(env.vars()).load(file);
        } catch (ConfigException e) {
            var err = spec.commandLine().getErr();
            err.println(file + ": " + e.errors().size() + (e.errors().size() == 1 ? " problem" : " problems"));
            for (ConfigError error : e.errors()) err.println("  " + error);
            return ExitCodes.FAILURE;
        }
        spec.commandLine().getOut().println(file + ": ok");
        return ExitCodes.OK;
    }
}
