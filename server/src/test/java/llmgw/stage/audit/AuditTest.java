package llmgw.stage.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import llmgw.pipeline.Deadline;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTest {

    @Test
    void everyRequestGetsARowWithItsOutcome() {
        try (TestGateway gw = TestGateway.withJwt("")) {
            String t = TestGateway.token("alice", "acme", "user");
            gw.chat(t, TestGateway.chatBody("stub", "hello there"));
            gw.chat(t, "{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"s\"}]}");
            gw.chat(t, TestGateway.chatBody("nope", "x"));
            gw.chat(null, TestGateway.chatBody("stub", "x"));
            List<AuditRecord> rows = gw.auditRows();
            assertEquals(4, rows.size());

            AuditRecord ok = rows.get(0);
            assertEquals("acme", ok.tenant());
            assertEquals("alice", ok.subject());
            assertEquals("127.0.0.1", ok.clientIp());
            assertEquals("stub", ok.model());
            assertEquals("stub", ok.provider());
            assertEquals(200, ok.status());
            assertEquals("allow", ok.decision());
            assertTrue(ok.promptTokens() > 0 && ok.completionTokens() > 0);
            assertFalse(ok.streamed());
            assertNull(ok.errorClass());
            assertNull(ok.prompt(), "bodies are not stored by default");
            assertNull(ok.completion());

            assertTrue(rows.get(1).streamed());
            assertTrue(rows.get(1).completionTokens() > 0);

            assertEquals(404, rows.get(2).status());
            assertEquals("deny", rows.get(2).decision());
            assertEquals(List.of("model_not_found"), rows.get(2).reasons());

            assertEquals(401, rows.get(3).status());
            assertNull(rows.get(3).tenant());
            assertEquals("missing_token", rows.get(3).errorClass());
        }
    }

    @Test
    void bodiesAreStoredOnlyWhenAskedFor() {
        try (TestGateway gw = TestGateway.start("audit:\n  store_bodies: true\n", Map.of())) {
            gw.chat("dev-token", TestGateway.chatBody("stub", "remember me"));
            gw.chat("dev-token", "{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"streamed words\"}]}");
            List<AuditRecord> rows = gw.auditRows();
            assertEquals("user: remember me", rows.get(0).prompt());
            assertTrue(rows.get(0).completion().endsWith("You said: remember me"));
            assertTrue(rows.get(1).completion().endsWith("You said: streamed words"));
        }
    }

    @Test
    void schemaIsVersionedAndReopeningDoesNotMigrateTwice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.db");
        try (AuditStore s = AuditStore.open(file)) {
            assertEquals(4, s.schemaVersion());
        }
        try (AuditStore s = AuditStore.open(file)) {
            assertEquals(4, s.schemaVersion());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement();
             var rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='audit' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) names.add(rs.getString(1));
            assertTrue(names.containsAll(List.of("audit_key_ts", "audit_status_seq", "audit_tenant_seq", "audit_ts")), names.toString());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("INSERT INTO schema_version(version) VALUES (99)");
        }
        var e = assertThrows(java.sql.SQLException.class, () -> AuditStore.open(file));
        assertTrue(e.getMessage().contains("newer"));
    }

    @Test
    void aTinyQueueSlowsWritersButLosesNoRow(@TempDir Path dir) throws Exception {
        AuditWriter writer = new AuditWriter(AuditStore.open(dir.resolve("a.db")), 2, 3);
        int n = 2_000;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                int id = i;
                pool.submit(() -> writer.submit(row("r" + id)));
            }
        }
        writer.close(); // flushes what is still queued
        try (AuditStore s = AuditStore.openReadOnly(dir.resolve("a.db"))) {
            assertEquals(n, s.query(AuditFilter.ALL, 0, n + 10).size());
        }
    }

    @Test
    void filtersSelectTenantAndStatusClass(@TempDir Path dir) throws Exception {
        try (AuditStore s = AuditStore.open(dir.resolve("f.db"))) {
            s.insert(List.of(row("a", "acme", 200), row("b", "acme", 429), row("c", "other", 401), row("d", "acme", 502)));
            assertEquals(List.of("b"), ids(s.query(AuditFilter.of("acme", "4xx"), 0, 10)));
            assertEquals(List.of("b", "c"), ids(s.query(AuditFilter.of(null, "4xx"), 0, 10)));
            assertEquals(List.of("c"), ids(s.query(AuditFilter.of(null, "401"), 0, 10)));
            assertEquals(List.of("b", "d"), ids(s.query(AuditFilter.of("acme", null), -1, 2)), "newest two, oldest first");
            assertThrows(IllegalArgumentException.class, () -> AuditFilter.of(null, "4x"));
        }
    }

    @Test
    void writerReportsWhenEverythingIsWritten(@TempDir Path dir) throws Exception {
        try (AuditWriter writer = new AuditWriter(AuditStore.open(dir.resolve("w.db")), 100, 10)) {
            for (int i = 0; i < 50; i++) writer.submit(row("x" + i));
            assertTrue(writer.awaitWritten(Duration.ofSeconds(10)));
            assertEquals(50, writer.written());
            assertTrue(writer.healthy());
        }
        assertTrue(Files.exists(dir.resolve("w.db")));
    }

    @Test
    void anIdleWriterIsWokenByTheNextRow(@TempDir Path dir) throws Exception {
        try (AuditWriter writer = new AuditWriter(AuditStore.open(dir.resolve("i.db")), 100, 10)) {
            writer.submit(row("first"));
            assertTrue(Deadline.await(() -> writer.written() == 1, Duration.ofSeconds(5)), "a row written while traffic flows");
            Thread.sleep(400); // well past the quiet spell after which the writer goes idle
            writer.submit(row("after quiet"));
            assertTrue(Deadline.await(() -> writer.written() == 2, Duration.ofNanos(AuditWriter.IDLE_PARK / 2)),
                    "the row woke the idle writer instead of waiting out its sleep");
        }
    }

    @Test
    void aRowTheStoreCannotWriteCostsOnlyThatRow(@TempDir Path dir) throws Exception {
        AuditRecord good = row("good-1");
        AuditRecord broken = new AuditRecord(0, "broken", good.timeMillis(), "t", "s", null, "/v1/chat/completions", null, null, 500, "error",
                List.of(), 0, 0, 0, false, null, null, null, null, null, null, AuditRecord.Governance.NONE); // no detections list: a bug
        AuditRecord noDecision = new AuditRecord(0, "no-decision", good.timeMillis(), "t", "s", null, "/v1/chat/completions", null, null, 500,
                null, List.of(), 0, 0, 0, false, null, null, null, null, null, List.of(), AuditRecord.Governance.NONE); // breaks NOT NULL
        try (AuditWriter writer = new AuditWriter(AuditStore.open(dir.resolve("b.db")), 100, 10)) {
            writer.submit(good);
            writer.submit(broken);
            writer.submit(noDecision);
            writer.submit(row("good-2"));
            assertTrue(writer.awaitWritten(Duration.ofSeconds(10)));
            assertTrue(writer.offer(row("after")), "room in the queue: taken without waiting");
            assertTrue(writer.awaitWritten(Duration.ofSeconds(10)), "the writer lives on");
            assertTrue(writer.healthy());
        }
        try (AuditStore store = AuditStore.openReadOnly(dir.resolve("b.db"))) {
            assertEquals(List.of("good-1", "good-2", "after"), ids(store.query(AuditFilter.ALL, 0, 100)), "each good row once, the broken ones dropped");
        }
    }

    @Test
    void offeredRowsLeaveRoomForSubmittedOnes(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("r.db");
        try (AuditWriter writer = new AuditWriter(AuditStore.open(db), 8, 1);
             java.sql.Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            lock.createStatement().execute("BEGIN EXCLUSIVE"); // the writer's first batch waits on this
            writer.submit(row("r0"));
            assertTrue(Deadline.await(() -> writer.queued() == 0, Duration.ofSeconds(5)), "the writer holds r0");
            for (int i = 0; i < 5; i++) writer.submit(row("s" + i));
            assertTrue(writer.offer(row("o1")), "room beyond the reserve: taken");
            assertFalse(writer.offer(row("o2")), "the last quarter of the queue is kept for admitted requests' rows");
            writer.submit(row("s5"));
            lock.createStatement().execute("ROLLBACK");
            assertTrue(writer.awaitWritten(Duration.ofSeconds(30)));
        }
        try (AuditStore store = AuditStore.openReadOnly(db)) {
            assertEquals(List.of("r0", "s0", "s1", "s2", "s3", "s4", "o1", "s5"), ids(store.query(AuditFilter.ALL, 0, 100)));
        }
    }

    private static List<String> ids(List<AuditRecord> rows) {
        return rows.stream().map(AuditRecord::requestId).toList();
    }

    static AuditRecord row(String id) {
        return row(id, "t", 200);
    }

    static AuditRecord row(String id, String tenant, int status) {
        return new AuditRecord(0, id, System.currentTimeMillis(), tenant, "s", "127.0.0.1", "/v1/chat/completions", "stub", "stub",
                status, status < 400 ? "allow" : "deny", List.of(), 1, 1, 1, false, null, null, null, null, null, List.of(), AuditRecord.Governance.NONE);
    }
}
