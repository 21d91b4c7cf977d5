package llmgw.cli.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.cli.CliRun;
import llmgw.cli.Llmgw;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TailCommandTest {
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.withJwt("");
        gw.chat(TestGateway.token("alice", "acme", "user"), TestGateway.chatBody("stub", "one"));
        gw.chat(TestGateway.token("bob", "globex", "user"), TestGateway.chatBody("stub", "two"));
        gw.chat(TestGateway.token("alice", "acme", "user"), TestGateway.chatBody("missing-model", "three"));
        gw.chat(null, TestGateway.chatBody("stub", "four"));
        gw.chat(TestGateway.token("dana", "initech", "user"), TestGateway.chatBody("stub", "mail dana@example.com"));
        gw.auditRows();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static CliRun tail(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "audit";
        args[1] = "tail";
        args[2] = "--data-dir";
        args[3] = gw.dataDir().toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.run(args);
    }

    @Test
    void printsAlignedColumnsOldestFirst() {
        CliRun r = tail();
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(5).contains("found EMAIL:redact"), lines.get(5));
        assertFalse(r.out().contains("dana@example.com"));
        assertTrue(lines.get(0).startsWith("TIME"));
        int statusColumn = lines.get(0).indexOf(" ST ");
        assertEquals("200", lines.get(1).substring(statusColumn, statusColumn + 3));
        assertEquals("404", lines.get(3).substring(statusColumn, statusColumn + 3));
        assertEquals("401", lines.get(4).substring(statusColumn, statusColumn + 3));
        assertTrue(lines.get(3).contains("model_not_found"));
        int reasonColumn = lines.get(0).indexOf("REASONS");
        assertTrue(lines.stream().skip(1).allMatch(l -> l.length() >= reasonColumn), "columns line up");
    }

    @Test
    void limitsAndFilters() {
        assertEquals(3, tail("-n", "2").out().lines().count());
        assertTrue(tail("--json", "--tenant", "initech").out().contains("\"detections\":\"EMAIL:redact"));
        assertEquals(3, tail("--tenant", "acme").out().lines().count());
        List<String> fourxx = tail("--status", "4xx").out().lines().toList();
        assertEquals(3, fourxx.size());
        assertEquals(2, tail("--status", "401").out().lines().count());
    }

    @Test
    void jsonLines() throws Exception {
        List<String> lines = tail("--json", "--tenant", "globex").out().lines().toList();
        assertEquals(1, lines.size());
        var row = Json.MAPPER.readTree(lines.getFirst());
        assertEquals("bob", row.path("subject").asText());
        assertEquals(200, row.path("status").asInt());
        assertEquals("allow", row.path("decision").asText());
        assertFalse(row.has("prompt"));
    }

    @Test
    void followPrintsNewRows() throws Exception {
        try (TestGateway gw = TestGateway.withJwt("")) {
            gw.chat(TestGateway.token("alice", "acme", "user"), TestGateway.chatBody("stub", "history"));
            gw.auditRows();
            follow(gw);
        }
    }

    private static void follow(TestGateway gw) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = Llmgw.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        Thread follower = Thread.ofPlatform().start(() -> cl.execute("audit", "tail", "-f", "-n", "0", "--json", "--data-dir", gw.dataDir().toString()));
        Thread.sleep(500);
        TestGateway.Reply r = gw.chat(TestGateway.token("carol", "initech", "user"), TestGateway.chatBody("stub", "later"));
        gw.auditRows();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString().contains(r.header("X-Request-Id")) && System.nanoTime() < deadline) Thread.sleep(50);
        follower.interrupt();
        follower.join(5_000);
        assertFalse(follower.isAlive());
        assertTrue(out.toString().contains("\"subject\":\"carol\""), out.toString());
        assertEquals(1, out.toString().lines().count(), "-n 0 printed no history");
    }

    @Test
    void problemsAreOneLine() {
        CliRun none = CliRun.run("audit", "tail", "--data-dir", "/nonexistent-dir");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("no audit database"), none.err());
        CliRun bad = tail("--status", "teapot");
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().lines().count());
    }
}
