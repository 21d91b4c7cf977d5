package llmgw.cli.keys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import llmgw.api.Json;
import llmgw.cli.CliRun;
import llmgw.pipeline.Principal;
import llmgw.stage.auth.keys.ApiKey;
import llmgw.stage.auth.keys.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys create} through the real entry point, checked against the key store it writes. */
class KeysCreateCommandTest {
    @TempDir Path dir;

    private CliRun create(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "keys";
        args[1] = "create";
        args[2] = "--data-dir";
        args[3] = dir.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.run(args);
    }

    private KeyStore.Lookup authenticate(String key) throws Exception {
        try (KeyStore store = KeyStore.open(dir)) {
            return store.authenticate(key, Instant.now());
        }
    }

    @Test
    void printsAKeyTheStoreAccepts() throws Exception {
        CliRun r = create("--tenant", "acme", "--name", "ci-bot", "--role", "auditor", "--tier", "standard", "--models", "llama-*,stub",
                "--endpoints", "ollama", "--endpoints", "stub", "--rpm", "60", "--daily-tokens", "100000", "--expires", "90d");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), "the key alone, so KEY=$(...) works: " + r.out());
        String key = r.out().strip();
        assertTrue(key.startsWith("llmgw_"), key);

        ApiKey k = assertInstanceOf(KeyStore.Lookup.Valid.class, authenticate(key)).key();
        assertEquals("acme", k.tenant());
        assertEquals("ci-bot", k.name());
        assertEquals(Principal.Role.AUDITOR, k.role());
        assertEquals("standard", k.tier());
        assertEquals(List.of("llama-*", "stub"), k.models());
        assertEquals(List.of("ollama", "stub"), k.providers());
        assertEquals(60, k.rpm());
        assertEquals(100_000L, k.dailyTokens());
        Duration left = Duration.between(Instant.now(), k.expiresAt());
        assertTrue(left.compareTo(Duration.ofDays(89)) > 0 && left.compareTo(Duration.ofDays(90)) <= 0, left.toString());

        assertTrue(r.err().contains(k.id()) && r.err().contains("acme/ci-bot"), r.err());
        assertTrue(r.err().contains("cannot be shown again"), r.err());
        assertFalse(r.err().contains(key), "the key goes to stdout only");
        assertInstanceOf(KeyStore.Lookup.Unknown.class, authenticate(key.substring(0, key.length() - 2) + "xx"));
    }

    @Test
    void defaultsToAUserKeyThatNeverExpires() throws Exception {
        CliRun r = create("--tenant", "acme", "--name", "plain");
        assertEquals(0, r.exit(), r.err());
        ApiKey k = assertInstanceOf(KeyStore.Lookup.Valid.class, authenticate(r.out().strip())).key();
        assertEquals(Principal.Role.USER, k.role());
        assertNull(k.expiresAt());
        assertNull(k.rpm());
        assertEquals(List.of(), k.models());
        assertTrue(r.err().contains("never expires"), r.err());
    }

    @Test
    void jsonCarriesTheKeyAndItsSettings() throws Exception {
        CliRun r = create("--tenant", "acme", "--name", "ops", "--role", "admin", "--rpm", "5", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        var n = Json.MAPPER.readTree(r.out());
        assertEquals("admin", n.path("role").asText());
        assertEquals(5, n.path("rpm").asInt());
        assertEquals("active", n.path("status").asText());
        assertEquals("llmgw_" + n.path("id").asText() + "_", n.path("prefix").asText());
        ApiKey k = assertInstanceOf(KeyStore.Lookup.Valid.class, authenticate(n.path("key").asText())).key();
        assertEquals(n.path("id").asText(), k.id());
        assertEquals(k.createdAt().toString(), n.path("created_at").asText(), "the time keys.db keeps");
    }

    @Test
    void badInputIsAUsageErrorOnOneLine() throws Exception {
        assertUsageError(create("--tenant", "acme", "--name", "x", "--rpm", "0"), "--rpm is 0; use 1 or more");
        assertUsageError(create("--tenant", "acme", "--name", "x", "--expires", "forever"), "--expires 'forever'");
        assertUsageError(create("--tenant", "acme", "--name", "x", "--expires", "0d"), "--expires must be longer than 0");
        assertUsageError(create("--tenant", "acme", "--name", "x", "--role", "root"), "--role is 'root'; use user, admin or auditor");
        assertUsageError(create("--tenant", "acme", "--name", "x", "--daily-tokens", "-3"), "--daily-tokens is -3");
        assertUsageError(create("--tenant", " ", "--name", "x"), "--tenant is missing");
        CliRun both = create("--tenant", "acme", "--name", "x", "--rpm", "0", "--role", "root");
        assertUsageError(both, "--role is 'root'; use user, admin or auditor; --rpm is 0");
        assertFalse(Files.exists(dir.resolve(KeyStore.FILE)), "refused before keys.db was touched");
        CliRun missing = create("--tenant", "acme");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--name"), missing.err());
    }

    private static void assertUsageError(CliRun r, String text) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("llmgw: ") && r.err().contains(text), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }
}
