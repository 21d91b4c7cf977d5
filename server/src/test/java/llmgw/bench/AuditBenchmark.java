package llmgw.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import llmgw.stage.audit.AuditFilter;
import llmgw.stage.audit.AuditRecord;
import llmgw.stage.audit.AuditStore;
import llmgw.stage.audit.AuditWriter;

/**
 * The audit log at scale (docs/BENCHMARKS.md): rows a second the batching writer sustains, then the
 * queries {@code audit tail} and {@code GET /admin/audit} run, on a log of 1 M rows. Run by
 * {@code scripts/bench-audit.sh}.
 */
public final class AuditBenchmark {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("llmgw-audit-bench");
        Path file = dir.resolve("audit.db");
        String[] tenants = {"acme", "globex", "initech", "umbrella", "hooli"};
        long start = System.nanoTime();
        try (AuditWriter writer = new AuditWriter(AuditStore.open(file), 10_000, 500)) {
            for (int i = 0; i < rows; i++) writer.submit(row(i, tenants[i % tenants.length], i % 17 == 0 ? 429 : 200));
            writer.awaitWritten(Duration.ofMinutes(10));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "| writer, %,d rows | %.0f rows/s |%n", rows, rows / seconds);
        try (AuditStore store = AuditStore.openReadOnly(file)) {
            time("latest 50 rows, no filter (`audit tail`)", () -> store.query(AuditFilter.ALL, -1, 50));
            time("latest 50 rows of one tenant", () -> store.query(AuditFilter.of("initech", null), -1, 50));
            time("latest 50 rows of one tenant with status 4xx", () -> store.query(AuditFilter.of("initech", "4xx"), -1, 50));
            time("rows after a sequence number, one tenant (`audit tail -f`)", () -> store.query(AuditFilter.of("acme", null), rows - 1000L, 100));
        }
        System.out.printf(Locale.ROOT, "| database size | %.0f MB |%n", Files.size(file) / 1e6);
    }

    interface Query {
        List<AuditRecord> run() throws Exception;
    }

    /** The median of 21 runs after 5 to warm up, in milliseconds. */
    static void time(String what, Query q) throws Exception {
        for (int i = 0; i < 5; i++) q.run();
        long[] t = new long[21];
        int n = 0;
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            n = q.run().size();
            t[i] = System.nanoTime() - s;
        }
        java.util.Arrays.sort(t);
        System.out.printf(Locale.ROOT, "| %s (%d rows back) | %.2f ms |%n", what, n, t[t.length / 2] / 1e6);
    }

    static AuditRecord row(int i, String tenant, int status) {
        return new AuditRecord(0, "req_" + i, System.currentTimeMillis() - (1_000_000L - i) * 100, tenant, "user-" + (i % 50), "10.0.0." + (i % 200),
                "/v1/chat/completions", "gpt-4o-mini", "openai", status, status == 200 ? "allow" : "deny",
                status == 200 ? List.of("policy: rule premium: allows") : List.of("rate_limit_exceeded"), 120 + i % 300, 256, 64, i % 3 == 0,
                status == 200 ? null : "rate_limit_exceeded", null, null, 0.02, null, List.of(),
                new AuditRecord.Governance(null, "premium", "local:3", "standard", 320, 0.0001));
    }
}
