package llmgw.cli.keys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import llmgw.api.Json;
import llmgw.cli.CliRun;
import llmgw.stage.auth.keys.KeyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys list} and {@code keys revoke} over keys made with {@code keys create}. */
class KeysListRevokeTest {
    @TempDir Path dir;
    String ciBot, ops, globex, shortLived;

    private CliRun keys(String... args) {
        return CliRun.run(Stream.concat(Stream.of("keys"), Stream.concat(Stream.of(args), Stream.of("--data-dir", dir.toString())))
                .toArray(String[]::new));
    }

    private String create(String tenant, String name, String... extra) {
        CliRun r = keys(Stream.concat(Stream.of("create", "--tenant", tenant, "--name", name), Stream.of(extra)).toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r.out().strip();
    }

    private static String id(String key) {
        return key.split("_")[1];
    }

    @BeforeEach
    void fourKeys() throws Exception {
        ciBot = create("acme", "ci-bot", "--models", "llama-*,stub", "--rpm", "60");
        ops = create("acme", "ops", "--role", "admin");
        globex = create("globex", "batch", "--tier", "premium");
        shortLived = create("acme", "temp", "--expires", "1ms");
        Thread.sleep(5);
    }

    private static List<String> rows(CliRun r) {
        assertEquals(0, r.exit(), r.err());
        return r.out().lines().skip(1).toList();
    }

    private static String rowOf(List<String> rows, String key) {
        return rows.stream().filter(l -> l.startsWith(id(key) + " ")).findFirst().orElse(null);
    }

    @Test
    void listShowsActiveKeysInColumnsButNeverTheSecrets() {
        CliRun r = keys("list");
        String header = r.out().lines().findFirst().orElseThrow();
        assertEquals(List.of("ID", "TENANT", "NAME", "ROLE", "TIER", "MODELS", "ENDPOINTS", "RPM", "DAILY_TOKENS", "EXPIRES", "STATUS"),
                List.of(header.trim().split(" +")));
        List<String> rows = rows(r);
        assertEquals(3, rows.size(), r.out());
        assertEquals(List.of(id(ciBot), "acme", "ci-bot", "user", "-", "llama-*,stub", "-", "60", "-", "never", "active"),
                List.of(rowOf(rows, ciBot).split(" +")));
        assertTrue(rowOf(rows, globex).contains(" premium "), rowOf(rows, globex));
        assertNull(rowOf(rows, shortLived), "expired keys are hidden by default");
        assertTrue(r.err().contains("1 revoked or expired not shown"), r.err());
        for (String secret : List.of(ciBot, ops, globex, shortLived)) assertFalse(r.out().contains(secret.substring(id(secret).length() + 7)));
    }

    @Test
    void revokedKeysAreHiddenUnlessAll() throws Exception {
        CliRun revoked = keys("revoke", id(ops));
        assertEquals(0, revoked.exit(), revoked.err());
        assertEquals("revoked " + id(ops) + " (acme/ops)", revoked.out().strip());
        assertNull(rowOf(rows(keys("list")), ops));

        List<String> all = rows(keys("list", "--all"));
        assertEquals(4, all.size());
        assertTrue(rowOf(all, ops).endsWith(" revoked"), rowOf(all, ops));
        assertTrue(rowOf(all, shortLived).endsWith(" expired"), rowOf(all, shortLived));
        assertTrue(rowOf(all, ciBot).endsWith(" active"), rowOf(all, ciBot));

        List<String> acme = rows(keys("list", "--all", "--tenant", "acme"));
        assertEquals(3, acme.size());
        assertNull(rowOf(acme, globex));
    }

    @Test
    void jsonIsOneKeyViewALineWithoutSecrets() throws Exception {
        keys("revoke", id(ops));
        CliRun r = keys("list", "--all", "--json");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size());
        for (String line : lines) {
            var n = Json.MAPPER.readTree(line);
            assertFalse(n.has("key") || n.has("hash"), line);
            if (n.path("id").asText().equals(id(ops))) {
                assertEquals("revoked", n.path("status").asText());
                assertFalse(n.path("revoked_at").isNull());
            }
        }
        for (String secret : List.of(ciBot, ops, globex, shortLived)) assertFalse(r.out().contains(secret));
        assertEquals(2, keys("list", "--json").out().lines().count(), "active only");
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() throws Exception {
        assertEquals(0, keys("revoke", id(ciBot)).exit());
        try (KeyStore store = KeyStore.open(dir)) {
            assertInstanceOf(KeyStore.Lookup.Revoked.class, store.authenticate(ciBot, Instant.now()));
            assertInstanceOf(KeyStore.Lookup.Valid.class, store.authenticate(ops, Instant.now()));
        }
        CliRun again = keys("revoke", id(ciBot));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().startsWith(id(ciBot) + " (acme/ci-bot) was already revoked at 20"), again.out());
    }

    @Test
    void unknownIdFailsOnOneLine() {
        CliRun r = keys("revoke", "nosuchkey");
        assertEquals(1, r.exit());
        assertEquals("llmgw: no API key with id 'nosuchkey'", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void listAndRevokeNeverCreateTheStore(@TempDir Path empty) {
        for (String[] args : List.of(new String[] {"list"}, new String[] {"revoke", "abc"})) {
            CliRun r = CliRun.run(Stream.concat(Stream.of("keys"), Stream.concat(Stream.of(args), Stream.of("--data-dir", empty.toString())))
                    .toArray(String[]::new));
            assertEquals(1, r.exit(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(empty.resolve(KeyStore.FILE).toString()), r.err());
        }
        assertFalse(Files.exists(empty.resolve(KeyStore.FILE)));
    }
}
