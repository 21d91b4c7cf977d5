package llmgw.stage.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.FakeUpstream;
import llmgw.testing.MutableClock;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The response cache over HTTP, with an OpenAI-compatible fake that counts what reaches it. */
class CacheEndToEndTest {
    final MutableClock clock = new MutableClock(Instant.now());

    TestGateway gateway(FakeUpstream up, String cache) {
        return TestGateway.start("""
                auth: {dev_token: enabled, jwt: {secret: "${JWT_SECRET}"}}
                providers:
                  up: {type: openai, base_url: %s}
                models:
                  - {name: up, provider: up}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                cache: %s
                """.formatted(up.baseUrl(), cache), Map.of("JWT_SECRET", TestGateway.SECRET), clock, TestGateway.newDataDir());
    }

    static final String ASK = TestGateway.chatBody("up", "what is the capital of France?");

    @Test
    void aRepeatedRequestIsServedFromTheCacheOfItsOwnTenantOnly() throws Exception {
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = gateway(up, "{enabled: true, ttl: 60s}")) {
            String alice = TestGateway.token("alice", "acme", "user");
            String bob = TestGateway.token("bob", "acme", "user");
            String eve = TestGateway.token("eve", "globex", "user");
            var first = gw.chat(alice, ASK);
            assertEquals("MISS", first.header("X-Cache"));
            var second = gw.chat(bob, ASK); // same tenant, another caller
            assertEquals("HIT", second.header("X-Cache"));
            assertEquals(first.json().path("choices"), second.json().path("choices"));
            assertEquals(1, up.received().size());
            assertEquals("MISS", gw.chat(eve, ASK).header("X-Cache"), "never shared across tenants");
            assertEquals(2, up.received().size());

            // Field order does not matter; any change of content or parameters does.
            String reordered = "{\"messages\":[{\"content\":\"what is the capital of France?\",\"role\":\"user\"}],\"model\":\"up\"}";
            assertEquals("HIT", gw.chat(alice, reordered).header("X-Cache"));
            assertEquals("MISS", gw.chat(alice, ASK.replace("}]}", "}],\"temperature\":0.9}")).header("X-Cache"));
            assertEquals("BYPASS", gw.post("/v1/chat/completions", alice, "application/json", ASK, Map.of("Cache-Control", "no-cache"))
                    .header("X-Cache"));

            List<AuditRecord> rows = gw.auditRows();
            assertEquals("MISS", rows.get(0).governance().cacheStatus());
            AuditRecord hit = rows.get(1);
            assertEquals("HIT", hit.governance().cacheStatus());
            assertEquals(0, hit.promptTokens() + hit.completionTokens(), "a hit uses no tokens");
            assertEquals(0, hit.governance().budgetUnits());
        }
    }

    @Test
    void entriesExpireAndTheCacheStaysWithinItsSize() throws Exception {
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = gateway(up, "{enabled: true, ttl: 60s, max_entries: 2}")) {
            gw.chat("dev-token", ASK);
            clock.advance(Duration.ofSeconds(61));
            assertEquals("MISS", gw.chat("dev-token", ASK).header("X-Cache"));
            gw.chat("dev-token", TestGateway.chatBody("up", "two"));
            gw.chat("dev-token", TestGateway.chatBody("up", "three")); // evicts the least recently used: ASK
            assertEquals("HIT", gw.chat("dev-token", TestGateway.chatBody("up", "three")).header("X-Cache"));
            assertEquals("MISS", gw.chat("dev-token", ASK).header("X-Cache"));
        }
    }

    @Test
    void streamsBypassUnlessConfiguredThenReplayAsStreams() throws Exception {
        String stream = "{\"model\":\"up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream me\"}]}";
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = gateway(up, "{enabled: true}")) {
            up.behave(FakeUpstream.streaming(List.of("Par", "is"), 0));
            assertEquals("BYPASS", gw.chat("dev-token", stream).header("X-Cache"));
            assertEquals("BYPASS", gw.chat("dev-token", stream).header("X-Cache"));
            assertEquals(2, up.received().size());
        }
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = gateway(up, "{enabled: true, streaming: true}")) {
            up.behave(FakeUpstream.streaming(List.of("Par", "is"), 0));
            var first = gw.chat("dev-token", stream);
            assertEquals("MISS", first.header("X-Cache"));
            var again = gw.chat("dev-token", stream);
            assertEquals("HIT", again.header("X-Cache"));
            assertEquals("Paris", again.streamedText());
            assertEquals(1, up.received().size());
        }
    }

    @Test
    void embeddingsAreCachedToo() throws Exception {
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = gateway(up, "{enabled: true}")) {
            String body = "{\"model\":\"up\",\"input\":[\"one\",\"three\"]}";
            var first = gw.post("/v1/embeddings", "dev-token", "application/json", body, Map.of());
            assertEquals("MISS", first.header("X-Cache"), first.body());
            var second = gw.post("/v1/embeddings", "dev-token", "application/json", body, Map.of());
            assertEquals("HIT", second.header("X-Cache"));
            assertEquals(first.json().path("data"), second.json().path("data"));
            assertEquals(1, up.received().stream().filter(r -> r.path().endsWith("/embeddings")).count());
            // The same text as a chat is another request.
            assertEquals("MISS", gw.chat("dev-token", TestGateway.chatBody("up", "one")).header("X-Cache"));
        }
    }

    @Test
    void offByDefaultAndErrorsAreNeverCached() throws Exception {
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = TestGateway.withUpstream(up, "")) {
            gw.chat("dev-token", ASK);
            assertNull(gw.chat("dev-token", ASK).header("X-Cache"));
            assertEquals(2, up.received().size());
        }
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = gateway(up, "{enabled: true}")) {
            up.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            gw.chat("dev-token", ASK);
            up.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("fine now")));
            assertEquals("MISS", gw.chat("dev-token", ASK).header("X-Cache"));
        }
    }
}
