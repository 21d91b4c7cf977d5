package llmgw.cli.usage;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import llmgw.Gateway;
import llmgw.api.Json;
import llmgw.cli.CliRun;
import llmgw.stage.audit.AuditRecord;
import llmgw.stage.audit.AuditStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmgw usage} over an audit database filled with known rows at fixed times. */
class UsageCommandTest {
    @TempDir static Path dir;
    static int seq;

    @BeforeAll
    static void fill() throws Exception {
        try (AuditStore store = AuditStore.open(dir.resolve(Gateway.AUDIT_FILE))) {
            store.insert(List.of(
                    row("2026-01-10T09:00:00Z", "acme", "k1", "llama-3", 10, 5, 30, 0.001),
                    row("2026-01-10T10:00:00Z", "acme", "k1", "llama-3", 20, 7, 50, 0.002),
                    row("2026-01-10T11:00:00Z", "acme", "k1", "stub", 3, 4, 7, null),
                    row("2026-01-10T12:00:00Z", "acme", null, "llama-3", 100, 1, 101, 0.01),
                    row("2026-01-10T13:00:00Z", "globex", "k2", "llama-3", 1000, 500, 3000, 0.5),
                    row("2026-01-10T14:00:00Z", "acme", "k1", null, 0, 0, 0, null),
                    row("2026-01-11T08:00:00Z", "acme", "k1", "llama-3", 1, 1, 2, 0.0001)));
        }
    }

    static AuditRecord row(String time, String tenant, String keyId, String model, int prompt, int completion, long units, Double cost) {
        return new AuditRecord(0, "r" + seq++, Instant.parse(time).toEpochMilli(), tenant, "s", "127.0.0.1", "/v1/chat/completions", model,
                "stub", 200, "allow", List.of(), 1, prompt, completion, false, null, null, null, null, null, List.of(),
                new AuditRecord.Governance(keyId, null, null, null, units, cost));
    }

    private static CliRun usage(String... args) {
        return CliRun.run(Stream.concat(Stream.of("usage", "--data-dir", dir.toString()), Stream.of(args)).toArray(String[]::new));
    }

    private static List<List<String>> table(CliRun r) {
        assertEquals(0, r.exit(), r.err());
        return r.out().lines().skip(1).map(l -> List.of(l.trim().split(" +"))).toList();
    }

    @Test
    void sumsPerTenantKeyAndModelWithATotal() {
        CliRun r = usage("--from", "2026-01-10", "--to", "2026-01-10");
        assertTrue(r.out().startsWith("Usage from 2026-01-10T00:00:00Z to 2026-01-11T00:00:00Z"), r.out());
        assertEquals(List.of(
                List.of("TENANT", "KEY", "MODEL", "REQUESTS", "PROMPT", "COMPLETION", "UNITS", "COST_USD"),
                List.of("acme", "-", "llama-3", "1", "100", "1", "101", "0.0100"),
                List.of("acme", "k1", "llama-3", "2", "30", "12", "80", "0.0030"),
                List.of("acme", "k1", "stub", "1", "3", "4", "7", "-"),
                List.of("globex", "k2", "llama-3", "1", "1000", "500", "3000", "0.5000"),
                List.of("TOTAL", "5", "1133", "517", "3188", "0.5130")), table(r));
    }

    @Test
    void filtersByTenantKeyAndPeriod() {
        List<List<String>> globex = table(usage("--tenant", "globex", "--from", "2026-01-01", "--to", "2026-01-31"));
        assertEquals(3, globex.size());
        assertEquals(List.of("TOTAL", "1", "1000", "500", "3000", "0.5000"), globex.getLast());

        List<List<String>> k1 = table(usage("--key", "k1", "--from", "2026-01-01", "--to", "2026-01-31"));
        assertEquals(List.of("acme", "k1", "llama-3", "3", "31", "13", "82", "0.0031"), k1.get(1));
        assertEquals(List.of("TOTAL", "4", "34", "17", "89", "0.0031"), k1.getLast());

        List<List<String>> morning = table(usage("--from", "2026-01-10T09:30:00Z", "--to", "2026-01-10T11:00:00Z"));
        assertEquals(List.of(List.of("acme", "k1", "llama-3", "1", "20", "7", "50", "0.0020")), morning.subList(1, morning.size() - 1),
                "from inclusive, to exclusive");

        List<List<String>> nothing = table(usage("--tenant", "initech", "--from", "2026-01-01"));
        assertEquals(List.of("TOTAL", "0", "0", "0", "0", "-"), nothing.getLast());
        assertEquals(2, nothing.size());
    }

    @Test
    void jsonIsTheAdminApiSummary() throws Exception {
        CliRun r = usage("--from", "2026-01-11", "--to", "2026-01-11T23:59:59Z", "--json");
        assertEquals(0, r.exit(), r.err());
        var n = Json.MAPPER.readTree(r.out());
        assertEquals("2026-01-11T00:00:00Z", n.path("from").asText());
        assertEquals(1, n.path("rows").size());
        var row = n.path("rows").get(0);
        assertEquals("k1", row.path("key_id").asText());
        assertEquals(2, row.path("budget_units").asLong());
        assertEquals(1, n.path("totals").path("requests").asLong());
        assertEquals(0.0001, n.path("totals").path("cost_usd").asDouble(), 1e-9);
    }

    @Test
    void problemsAreOneLine() {
        CliRun bad = usage("--from", "last tuesday");
        assertEquals(2, bad.exit());
        assertEquals("llmgw: --from is 'last tuesday'; use a date like 2026-11-22 or a time like 2026-11-22T10:00:00Z", bad.err().strip());
        CliRun backwards = usage("--from", "2026-01-10", "--to", "2026-01-09");
        assertEquals(2, backwards.exit());
        assertTrue(backwards.err().contains("must be after --from"), backwards.err());
        CliRun missing = CliRun.run("usage", "--data-dir", dir.resolve("elsewhere").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("no audit database at " + dir.resolve("elsewhere").resolve(Gateway.AUDIT_FILE)), missing.err());
    }
}
