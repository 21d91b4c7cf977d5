package llmgw.stage.provider.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import llmgw.testing.FakeUpstream;
import llmgw.testing.MutableClock;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover, fallback chains, circuit breakers and pinning, with OpenAI-compatible fakes a and b serving model m. */
class FailoverEndToEndTest {
    final List<FakeUpstream> fakes = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.now());
    FakeUpstream a, b;

    @AfterEach
    void stop() {
        fakes.forEach(FakeUpstream::close);
    }

    FakeUpstream fake(String name) throws Exception {
        FakeUpstream f = new FakeUpstream();
        f.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("from " + name)));
        fakes.add(f);
        return f;
    }

    TestGateway gateway(String extra) throws Exception {
        return gateway(extra, TestGateway.newDataDir());
    }

    TestGateway gateway(String extra, java.nio.file.Path dataDir) throws Exception {
        a = fake("a");
        b = fake("b");
        return TestGateway.start("""
                endpoints:
                  - {name: a, type: openai, url: %s, models: [m]}
                  - {name: b, type: openai, url: %s, models: [m, n]}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                auth: {dev_token: enabled, jwt: {secret: "${JWT_SECRET}"}}
                server: {allow_remote_dev_token: true}
                """.formatted(a.baseUrl(), b.baseUrl()) + extra, Map.of("JWT_SECRET", TestGateway.SECRET), clock, dataDir);
    }

    static int lastMaxTokens(FakeUpstream f) throws Exception {
        return llmgw.api.Json.MAPPER.readTree(f.received().getLast().body()).path("max_tokens").asInt();
    }

    static String text(TestGateway.Reply r) {
        return r.json().path("choices").get(0).path("message").path("content").asText();
    }

    @Test
    void failsOverOn5xx429AndConnectionErrorsButNotOnTheClientsOwnMistake() throws Exception {
        try (TestGateway gw = gateway("")) {
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            var r = gw.chat("dev-token", TestGateway.chatBody("m", "hi"));
            assertEquals("from b", text(r));
            var row = gw.auditRows().getLast();
            assertEquals("b", row.provider());
            assertTrue(row.reasons().contains("failover: a failed (upstream_error)"), row.reasons().toString());

            a.behave((ex, body) -> FakeUpstream.json(ex, 429, "{\"error\":{\"message\":\"slow down\"}}"));
            assertEquals("from b", text(gw.chat("dev-token", TestGateway.chatBody("m", "hi"))));

            a.behave((ex, body) -> FakeUpstream.json(ex, 400, "{\"error\":{\"message\":\"bad temperature\"}}"));
            int before = b.received().size();
            var bad = gw.chat("dev-token", TestGateway.chatBody("m", "hi"));
            assertEquals(400, bad.status());
            assertEquals(before, b.received().size(), "a client error is not retried elsewhere");
        }
    }

    @Test
    void anUnreachableEndpointIsSkippedAndAllDownIsA502() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TestGateway gw = TestGateway.start("""
                endpoints:
                  - {name: dead, type: openai, url: "http://127.0.0.1:%d/v1", models: [m]}
                  - {name: gone, type: openai, url: "http://127.0.0.1:%d/v1", models: [m]}
                """.formatted(closed, closed), Map.of())) {
            var r = gw.chat("dev-token", TestGateway.chatBody("m", "hi"));
            assertEquals(502, r.status());
            assertEquals("upstream_unreachable", r.errorCode());
            assertTrue(gw.auditRows().getLast().reasons().contains("failover: dead failed (upstream_unreachable)"));
        }
    }

    @Test
    void streamsFailOverBeforeTheFirstByteAndNeverAfter() throws Exception {
        try (TestGateway gw = gateway("")) {
            a.behave((ex, body) -> FakeUpstream.json(ex, 503, "{\"error\":{\"message\":\"down\"}}"));
            b.behave(FakeUpstream.streaming(List.of("from", " b"), 0));
            String stream = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            var ok = gw.chat("dev-token", stream);
            assertEquals("from b", ok.streamedText());

            // a starts streaming, then breaks: the client already has bytes, so b is never asked.
            a.behave((ex, body) -> {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                FakeUpstream.event(ex.getResponseBody(), "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"},\"finish_reason\":null}]}");
                ex.getResponseBody().write("data: {not json\n\n".getBytes());
                ex.getResponseBody().close();
            });
            int before = b.received().size();
            var broken = gw.chat("dev-token", stream);
            assertEquals(200, broken.status());
            assertTrue(broken.body().contains("\"error\""), broken.body());
            assertEquals(before, b.received().size());
        }
    }

    @Test
    void theBreakerOpensHalfOpensAndCloses() throws Exception {
        String cfg = "routing:\n  circuit_breaker: {failure_rate_threshold: 50, minimum_calls: 2, window_size: 4, wait_duration: 30s, permitted_half_open_calls: 2}\n";
        try (TestGateway gw = gateway(cfg)) {
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            gw.chat("dev-token", TestGateway.chatBody("m", "1"));
            gw.chat("dev-token", TestGateway.chatBody("m", "2"));
            assertEquals("open", breaker(gw, "a"));
            int calls = a.received().size();
            assertEquals("from b", text(gw.chat("dev-token", TestGateway.chatBody("m", "3"))));
            assertEquals(calls, a.received().size(), "an open breaker keeps calls away");

            clock.advance(Duration.ofSeconds(31));
            assertEquals("half_open", breaker(gw, "a"));
            a.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("from a")));
            assertEquals("from a", text(gw.chat("dev-token", TestGateway.chatBody("m", "4"))));
            assertEquals("from a", text(gw.chat("dev-token", TestGateway.chatBody("m", "5"))));
            assertEquals("closed", breaker(gw, "a"));

            // A failed trial opens it again at once.
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            gw.chat("dev-token", TestGateway.chatBody("m", "6"));
            gw.chat("dev-token", TestGateway.chatBody("m", "7"));
            clock.advance(Duration.ofSeconds(31));
            gw.chat("dev-token", TestGateway.chatBody("m", "8"));
            assertEquals("open", breaker(gw, "a"));
        }
    }

    static String breaker(TestGateway gw, String name) {
        return endpoint(gw, name).path("circuit_breaker").path("state").asText();
    }

    static JsonNode endpoint(TestGateway gw, String name) {
        for (JsonNode e : gw.get("/admin/endpoints", "dev-token").json().path("data")) {
            if (e.path("name").asText().equals(name)) return e;
        }
        throw new AssertionError("no endpoint " + name);
    }

    @Test
    void fallbackChainsExplicitEndpointsAndPinning() throws Exception {
        String cfg = """
                routing:
                  fallback_chains:
                    m: [n]
                    cheap: [n, m]
                tenants:
                  pinned: {endpoints: [a]}
                """;
        try (TestGateway gw = gateway(cfg)) {
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            b.behave((ex, body) -> {
                boolean asksN = body.contains("\"model\":\"n\"");
                FakeUpstream.json(ex, asksN ? 200 : 500, asksN ? FakeUpstream.completion("n from b") : "{\"error\":{\"message\":\"m is down\"}}");
            });
            var r = gw.chat("dev-token", TestGateway.chatBody("m", "hi"));
            assertEquals("n from b", text(r));
            assertEquals("m", r.json().path("model").asText(), "the client sees the model it asked for");
            assertEquals("n from b", text(gw.chat("dev-token", TestGateway.chatBody("cheap", "hi"))));
            assertTrue(gw.get("/v1/models", "dev-token").body().contains("\"cheap\""));

            b.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("from b")));
            a.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("from a")));
            assertEquals("from b", text(gw.chat("dev-token", TestGateway.chatBody("b/m", "hi"))));
            assertTrue(b.received().getLast().body().contains("\"model\":\"m\""));
            assertEquals(404, gw.chat("dev-token", TestGateway.chatBody("nowhere/m", "hi")).status());

            // Tenant pinned may only use a, so a's failure is final for it.
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            var pinnedReply = gw.chat(TestGateway.token("p", "pinned", "user"), TestGateway.chatBody("n", "hi"));
            assertEquals(403, pinnedReply.status(), pinnedReply.body()); // n is served by b only
            assertEquals("endpoint_not_allowed", pinnedReply.errorCode());
            assertEquals(502, gw.chat(TestGateway.token("p", "pinned", "user"), TestGateway.chatBody("m", "hi")).status());
        }
    }

    @Test
    void aFallbackRouteIsJudgedOnTheCallersOwnMaxTokensAndTakesItsOwnCap() throws Exception {
        java.nio.file.Path dir = TestGateway.newDataDir();
        java.nio.file.Files.writeString(dir.resolve("policy.yaml"), """
                default: deny
                rules:
                  - {name: big, match: {model: m}, max_tokens: 1000}
                  - {name: small, match: {model: n}, max_tokens: 64}
                """);
        // Breakers stay closed: a and b fail m on every call here, and the test needs b to keep serving n.
        try (TestGateway gw = gateway("routing:\n  fallback_chains: {m: [n]}\n  circuit_breaker: {window_size: 1000, minimum_calls: 1000}\ncache: {enabled: true}\n", dir)) {
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            b.behave((ex, body) -> {
                boolean asksN = body.contains("\"model\":\"n\"");
                FakeUpstream.json(ex, asksN ? 200 : 500, asksN ? FakeUpstream.completion("n from b") : "{\"error\":{\"message\":\"down\"}}");
            });
            // No max_tokens asked: m's rule caps it at 1000, and n, reached by failover, at its own 64 (not denied for 1000).
            var capped = gw.chat("dev-token", TestGateway.chatBody("m", "hi"));
            assertEquals("n from b", text(capped), capped.body());
            assertEquals(1000, lastMaxTokens(a), "the first route's cap");
            assertEquals(64, lastMaxTokens(b), "the fallback's own cap");
            assertTrue(gw.auditRows().getLast().reasons().contains("policy: max_tokens 64 on this route"), gw.auditRows().getLast().reasons().toString());
            // That answer, cut to n's 64, is not the answer to the request as asked: the cache does not keep it.
            int asked = b.received().size();
            assertEquals("n from b", text(gw.chat("dev-token", TestGateway.chatBody("m", "hi"))));
            assertEquals(asked + 2, b.received().size(), "asked again (m, then n), not answered from the cache");
            // 32 asked: allowed on both routes and sent as asked.
            assertEquals("n from b", text(gw.chat("dev-token", "{\"model\":\"m\",\"max_tokens\":32,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
            assertEquals(32, lastMaxTokens(b));
            // 500 asked: fine for m, above n's 64, so policy keeps it from the fallback.
            long asksN = b.received().stream().filter(q -> q.body().contains("\"model\":\"n\"")).count();
            var denied = gw.chat("dev-token", "{\"model\":\"m\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(502, denied.status(), denied.body());
            assertEquals(asksN, b.received().stream().filter(q -> q.body().contains("\"model\":\"n\"")).count(), "n was never called");
            assertTrue(denied.body().contains("failed"), denied.body());
        }
    }

    @Test
    void aStreamThatFailsOnItsFirstEventFailsOver() throws Exception {
        try (TestGateway gw = gateway("")) {
            a.behave((ex, body) -> {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                FakeUpstream.event(ex.getResponseBody(), "{\"error\":{\"message\":\"overloaded\"}}");
                ex.getResponseBody().close();
            });
            b.behave(FakeUpstream.streaming(List.of("from", " b"), 0));
            var r = gw.chat("dev-token", "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals("from b", r.streamedText());
            assertEquals(0, endpoint(gw, "a").path("in_flight").asInt());
            assertEquals(0, endpoint(gw, "b").path("in_flight").asInt(), "the stream gave its slot back when it ended");
        }
    }

    @Test
    void chainsKeepToTheCallersAllowlistsAndBudgetsPayForWhatServed() throws Exception {
        String cfg = """
                routing:
                  fallback_chains: {m: [n]}
                tenants:
                  small: {models: [m]}
                  metered: {daily_tokens: 100000}
                budgets:
                  cost_tiers: {premium: 10, standard: 1}
                  models: {m: standard, n: premium}
                """;
        try (TestGateway gw = gateway(cfg)) {
            a.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom\"}}"));
            b.behave((ex, body) -> {
                boolean asksN = body.contains("\"model\":\"n\"");
                FakeUpstream.json(ex, asksN ? 200 : 500, asksN ? FakeUpstream.completion("n from b") : "{\"error\":{\"message\":\"down\"}}");
            });
            // Tenant small may use m only: its fallback n is no way around that.
            var small = gw.chat(TestGateway.token("s", "small", "user"), TestGateway.chatBody("m", "hi"));
            assertEquals(502, small.status(), small.body());
            // A metered caller served by n pays n's tier, though it asked for the cheaper m.
            var metered = gw.chat(TestGateway.token("t", "metered", "user"), TestGateway.chatBody("m", "hi"));
            assertEquals("n from b", text(metered));
            var row = gw.auditRows().getLast();
            assertEquals("premium", row.governance().costTier());
            assertEquals(10L * 10, row.governance().budgetUnits()); // 10 tokens (the fake's usage) at weight 10
        }
    }

    @Test
    void explicitEndpointSyntaxOnlyReachesWhatTheEndpointServes() throws Exception {
        try (TestGateway gw = gateway("")) {
            assertEquals(404, gw.chat("dev-token", TestGateway.chatBody("a/n", "hi")).status(), "a does not serve n");
            assertEquals("from b", text(gw.chat("dev-token", TestGateway.chatBody("b/n", "hi"))));
        }
        // A model whose own name has a slash is that model, even when its prefix is an endpoint's name.
        a = fake("a");
        try (TestGateway gw = TestGateway.start("""
                endpoints:
                  - {name: a, type: openai, url: %s, models: ["b/big"]}
                  - {name: b, type: openai, url: %s, models: [big]}
                """.formatted(a.baseUrl(), fake("b").baseUrl()), Map.of())) {
            assertEquals("from a", text(gw.chat("dev-token", TestGateway.chatBody("b/big", "hi"))));
        }
    }

    @Test
    void maxConcurrentSendsTheOverflowElsewhere() throws Exception {
        a = fake("a");
        b = fake("b");
        var gate = new java.util.concurrent.CountDownLatch(1);
        a.behave((ex, body) -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeUpstream.json(ex, 200, FakeUpstream.completion("from a"));
        });
        try (TestGateway gw = TestGateway.start("""
                endpoints:
                  - {name: a, type: openai, url: %s, models: [m], max_concurrent: 1}
                  - {name: b, type: openai, url: %s, models: [m]}
                """.formatted(a.baseUrl(), b.baseUrl()), Map.of())) {
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> text(gw.chat("dev-token", TestGateway.chatBody("m", "1"))));
            try {
                while (a.received().isEmpty()) Thread.sleep(10);
                assertEquals("from b", text(gw.chat("dev-token", TestGateway.chatBody("m", "2"))));
                assertEquals(1, endpoint(gw, "a").path("in_flight").asInt());
            } finally {
                gate.countDown();
            }
            assertEquals("from a", first.get());
        }
    }
}
