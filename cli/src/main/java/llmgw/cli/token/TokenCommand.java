package llmgw.cli.token;

import llmgw.cli.Llmgw;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "token", header = "Make JWTs for this gateway.",
        mixinStandardHelpOptions = true,
        subcommands = {MintCommand.class},
        footer = {"%nExamples:", "  llmgw token mint --sub alice --tenant acme --secret-env JWT_SECRET"})
public final class TokenCommand {
    @ParentCommand Llmgw root;
}
