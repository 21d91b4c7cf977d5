package llmgw.cli.config;

import picocli.CommandLine.Command;

@Command(name = "config", header = "Check gateway config files.",
        mixinStandardHelpOptions = true,
        subcommands = {ValidateCommand.class},
        footer = {"%nExamples:", "  llmgw config validate config-samples/gateway.prod.yaml"})
public final class ConfigCommand {}
