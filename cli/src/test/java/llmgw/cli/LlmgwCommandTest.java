package llmgw.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LlmgwCommandTest {

    @Test
    void versionPrintsTheBuildVersion() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("llmgw 0."), r.out());
        assertFalse(r.out().contains("${"), "the version was filled in by the build");
    }

    @Test
    void helpListsEverySubcommand() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.exit());
        for (String sub : List.of("serve", "scan", "token", "keys", "audit", "usage", "config", "help")) assertTrue(r.out().contains("  " + sub), sub);
        assertTrue(r.out().contains("Examples:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "scan", "token", "token mint", "keys", "keys create", "keys list", "keys revoke", "audit", "audit tail",
            "usage", "config", "config validate"})
    void everySubcommandHasHelpWithExamples(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun r = CliRun.run(args);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Examples:"), command);
        assertTrue(r.out().contains("llmgw " + command.split(" ")[0]), command);
    }

    @Test
    void aCommandLineHoldsOnlyTheSubcommandsItsArgumentsReach() {
        assertEquals(Set.of(), Llmgw.commandLine(Map.of(), "--version").getSubcommands().keySet());
        assertEquals(Set.of("scan"), Llmgw.commandLine(Map.of(), "scan", "notes.txt").getSubcommands().keySet());
        assertEquals(Set.of("token"), Llmgw.commandLine(Map.of(), "token", "mint").getSubcommands().keySet());
        Set<String> all = Llmgw.commandLine(Map.of()).getSubcommands().keySet();
        assertEquals(all, Llmgw.commandLine(Map.of(), "--help").getSubcommands().keySet());
        assertEquals(all, Llmgw.commandLine(Map.of(), "help", "scan").getSubcommands().keySet());
        assertEquals(all, Llmgw.commandLine(Map.of(), new String[0]).getSubcommands().keySet());
        assertEquals(all, Llmgw.commandLine(Map.of(), "scna").getSubcommands().keySet());
        CliRun typo = CliRun.run("scna");
        assertEquals(ExitCodes.USAGE, typo.exit());
        assertTrue(typo.err().startsWith("llmgw: Unmatched argument at index 0: 'scna'"), typo.err());
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        CliRun r = CliRun.run("serve", "--colour");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("llmgw: Unknown option: '--colour'"), r.err());
        assertEquals(2, r.err().lines().count());
        assertFalse(r.err().contains("Exception"));
    }

    @Test
    void shippedCompletionScriptMatchesTheCommands() throws Exception {
        CliRun r = CliRun.run("generate-completion");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("complete -F"));
        String shipped = java.nio.file.Files.readString(java.nio.file.Path.of("../completions/llmgw.bash"));
        assertEquals(r.out(), shipped, "regenerate with: llmgw generate-completion > completions/llmgw.bash");
    }
}
