package llmgw.cli.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import llmgw.Gateway;
import llmgw.api.Json;
import llmgw.cli.ExitCodes;
import llmgw.cli.options.DataDirOption;
import llmgw.stage.audit.AuditFilter;
import llmgw.stage.audit.AuditRecord;
import llmgw.stage.audit.AuditStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "tail", header = "Print the newest audit rows, and with -f the ones that follow.",
        mixinStandardHelpOptions = true,
        description = "Reads the SQLite audit log read-only; safe to run beside a running gateway.",
        footer = {"%nExamples:",
                "  llmgw audit tail",
                "  llmgw audit tail -f --tenant acme",
                "  llmgw audit tail -n 200 --status 4xx --json | jq .reasons"})
final class TailCommand implements Callable<Integer> {
    private static final long POLL_MILLIS = 300;

    @Spec CommandSpec spec;
    @Mixin DataDirOption dataDir;

    @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many of the newest rows to print (default: ${DEFAULT-VALUE}).")
    int lines;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new rows as they are written.") boolean follow;
    @Option(names = "--tenant", description = "Only this tenant's rows.") String tenant;
    @Option(names = "--status", description = "Only these statuses: 4xx, 5xx, or an exact code such as 429.") String status;
    @Option(names = "--json", description = "One JSON object a line instead of columns.") boolean json;

    @Override
    public Integer call() throws Exception {
        if (lines < 0) throw new IllegalArgumentException("-n must be 0 or more");
        AuditFilter filter = AuditFilter.of(tenant, status);
        Path file = dataDir.path().resolve(Gateway.AUDIT_FILE);
        PrintWriter out = spec.commandLine().getOut();
        try (AuditStore store = AuditStore.openReadOnly(file)) {
            if (!json) out.println(Columns.header());
            long newest = store.lastSeq(); // with -n 0, -f starts after what exists now
            long last = Math.max(newest, print(out, store.query(filter, -1, lines), 0));
            while (follow && !Thread.currentThread().isInterrupted()) {
                out.flush();
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    break;
                }
                last = print(out, store.query(filter, last, 1000), last);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private long print(PrintWriter out, List<AuditRecord> rows, long last) {
        for (AuditRecord r : rows) {
            out.println(json ? toJson(r) : Columns.row(r));
            last = r.seq();
        }
        return last;
    }

    private static String toJson(AuditRecord r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("seq", r.seq());
        n.put("request_id", r.requestId());
        n.put("time", java.time.Instant.ofEpochMilli(r.timeMillis()).toString());
        n.put("tenant", r.tenant());
        n.put("subject", r.subject());
        n.put("client_ip", r.clientIp());
        n.put("endpoint", r.endpoint());
        n.put("model", r.model());
        n.put("provider", r.provider());
        n.put("status", r.status());
        n.put("decision", r.decision());
        r.reasons().forEach(n.putArray("reasons")::add);
        n.put("latency_ms", r.latencyMs());
        n.put("prompt_tokens", r.promptTokens());
        n.put("completion_tokens", r.completionTokens());
        n.put("streamed", r.streamed());
        n.put("error_class", r.errorClass());
        if (r.injectionScore() != null) n.put("injection_score", Math.round(r.injectionScore() * 1000) / 1000.0);
        if (r.detectionSummary() != null) n.put("detections", r.detectionSummary());
        if (r.prompt() != null) n.put("prompt", r.prompt());
        if (r.completion() != null) n.put("completion", r.completion());
        return n.toString();
    }
}
