package llmgw.cli.usage;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import llmgw.Gateway;
import llmgw.cli.ExitCodes;
import llmgw.cli.Table;
import llmgw.cli.UsageException;
import llmgw.cli.options.DataDirOption;
import llmgw.http.admin.UsageViews;
import llmgw.stage.audit.AuditStore;
import llmgw.stage.audit.UsagePeriod;
import llmgw.stage.audit.UsageRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code llmgw usage}: tokens and cost per tenant, API key and model, summed from the audit log. */
@Command(name = "usage", header = "Sum tokens and cost per tenant, API key and model from the audit log.",
        mixinStandardHelpOptions = true,
        description = {"Reads the SQLite audit log read-only; safe to run beside a running gateway.",
                "The period runs from --from (inclusive) to --to (exclusive), in UTC; by",
                "default, today so far. A date as --to includes that whole day.",
                "UNITS are cost-weighted tokens, what budgets count."},
        footer = {"%nExamples:",
                "  llmgw usage",
                "  llmgw usage --tenant acme --from 2026-11-01 --to 2026-11-30",
                "  llmgw usage --key 7kq2m9xhtp --from 2026-11-22T08:00:00Z",
                "  llmgw usage --from 2026-11-01 --json | jq .totals"})
public final class UsageCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOption dataDir;

    @Option(names = "--tenant", description = "Only this tenant.") String tenant;
    @Option(names = "--key", paramLabel = "ID", description = "Only calls made with this API key.") String keyId;
    @Option(names = "--from", paramLabel = "DATE|TIME",
            description = "Start, e.g. 2026-11-01 or 2026-11-01T08:00:00Z (default: today 00:00 UTC).")
    String from;
    @Option(names = "--to", paramLabel = "DATE|TIME",
            description = "End, e.g. 2026-11-30 (through that day) or 2026-11-30T18:00:00Z (default: the end of today).")
    String to;
    @Option(names = "--json", description = "The summary as one JSON object, as GET /admin/usage returns it.") boolean json;

    @Override
    public Integer call() throws Exception {
        UsagePeriod period;
        try {
            period = UsagePeriod.parse(from, to, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage().replace("after from (", "after --from ("));
        }
        List<UsageRow> rows;
        try (AuditStore store = AuditStore.openReadOnly(dataDir.path().resolve(Gateway.AUDIT_FILE))) {
            rows = store.usage().byTenantKeyAndModel(blankToNull(tenant), blankToNull(keyId), period.from().toEpochMilli(), period.to().toEpochMilli());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(UsageViews.json(period, rows));
        } else {
            out.println("Usage from " + period.from() + " to " + period.to() + " (UTC, end exclusive)");
            table(rows).print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Table table(List<UsageRow> rows) {
        Table t = new Table("TENANT", "KEY", "MODEL", ">REQUESTS", ">PROMPT", ">COMPLETION", ">UNITS", ">COST_USD");
        for (UsageRow r : rows) {
            t.row(r.tenant(), r.keyId(), r.model(), r.requests(), r.promptTokens(), r.completionTokens(), r.budgetUnits(), usd(r.costUsd()));
        }
        UsageRow sum = UsageRow.total(rows);
        return t.row("TOTAL", "", "", sum.requests(), sum.promptTokens(), sum.completionTokens(), sum.budgetUnits(), usd(sum.costUsd()));
    }

    private static String usd(Double cost) {
        return cost == null ? "-" : String.format(Locale.ROOT, "%.4f", cost);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
