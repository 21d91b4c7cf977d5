package llmgw.cli.audit;

import picocli.CommandLine.Command;

@Command(name = "audit", header = "Read the audit log.",
        mixinStandardHelpOptions = true,
        subcommands = {TailCommand.class},
        footer = {"%nExamples:", "  llmgw audit tail -n 20", "  llmgw audit tail -f --status 4xx"})
public final class AuditCommand {}
