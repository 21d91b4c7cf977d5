package llmgw.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code llmgw} in-process the way main does (with only the subcommands the arguments reach), capturing what it prints. */
public record CliRun(int exit, String out, String err) {

    public static CliRun run(Map<String, String> env, String... args) {
        CommandLine cl = Llmgw.commandLine(env, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    public static CliRun run(String... args) {
        return run(Map.of(), args);
    }
}
