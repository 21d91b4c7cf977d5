package llmgw.stage.provider.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import llmgw.testing.FakeUpstream;
import llmgw.testing.MutableClock;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three OpenAI-compatible fakes, a, b and c, serving model m: how each strategy spreads requests over them. */
class RoutingEndToEndTest {
    final List<FakeUpstream> fakes = new ArrayList<>();

    FakeUpstream fake(String name) throws Exception {
        FakeUpstream f = new FakeUpstream();
        f.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("from " + name)));
        fakes.add(f);
        return f;
    }

    @AfterEach
    void stop() {
        fakes.forEach(FakeUpstream::close);
    }

    /** a, b, c as endpoints (each with the extra YAML given for it), all serving m, and the routing section. */
    TestGateway gateway(String routing, String... perEndpoint) throws Exception {
        StringBuilder y = new StringBuilder("endpoints:\n");
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < 3; i++) {
            y.append("  - {name: ").append(names[i]).append(", type: openai, url: ").append(fake(names[i]).baseUrl())
                    .append(", models: [m]").append(perEndpoint.length > i ? ", " + perEndpoint[i] : "").append("}\n");
        }
        y.append("rate_limit: {requests_per_minute: 100000, burst: 100000}\n").append(routing);
        return TestGateway.start(y.toString(), Map.of(), new MutableClock(Instant.now()), TestGateway.newDataDir());
    }

    static String answer(TestGateway gw) {
        var r = gw.chat("dev-token", TestGateway.chatBody("m", "hi"));
        assertEquals(200, r.status(), r.body());
        return r.json().path("choices").get(0).path("message").path("content").asText().substring(5);
    }

    static Map<String, Integer> spread(TestGateway gw, int n) {
        Map<String, Integer> counts = new java.util.TreeMap<>(Map.of("a", 0, "b", 0, "c", 0));
        for (int i = 0; i < n; i++) counts.merge(answer(gw), 1, Integer::sum);
        return counts;
    }

    @Test
    void priorityAlwaysTakesTheFirstListed() throws Exception {
        try (TestGateway gw = gateway("routing: {strategy: priority, priority: [b, a]}\n")) {
            assertEquals(Map.of("a", 0, "b", 10, "c", 0), spread(gw, 10));
            assertEquals("b", gw.auditRows().getLast().provider());
        }
    }

    @Test
    void roundRobinTakesTurns() throws Exception {
        try (TestGateway gw = gateway("routing: {strategy: round_robin}\n")) {
            assertEquals(Map.of("a", 10, "b", 10, "c", 10), spread(gw, 30));
        }
    }

    @Test
    void weightedFollowsTheWeights() throws Exception {
        try (TestGateway gw = gateway("routing: {strategy: weighted}\n", "weight: 1", "weight: 3", "weight: 0")) {
            Map<String, Integer> counts = spread(gw, 400);
            assertEquals(0, counts.get("c"), counts.toString());
            assertTrue(counts.get("b") > 260 && counts.get("b") < 340, "b should get about 3/4: " + counts);
        }
    }

    @Test
    void leastLatencyLearnsWhichIsFastest() throws Exception {
        try (TestGateway gw = gateway("routing: {strategy: least_latency}\n")) {
            fakes.get(0).behave((ex, body) -> { FakeUpstream.sleep(150); FakeUpstream.json(ex, 200, FakeUpstream.completion("from a")); });
            fakes.get(2).behave((ex, body) -> { FakeUpstream.sleep(150); FakeUpstream.json(ex, 200, FakeUpstream.completion("from c")); });
            spread(gw, 3); // each endpoint once: unknown latencies go first
            assertEquals(Map.of("a", 0, "b", 10, "c", 0), spread(gw, 10));
        }
    }

    @Test
    void leastConnectionsAvoidsTheBusyOne() throws Exception {
        try (TestGateway gw = gateway("routing: {strategy: least_connections}\n")) {
            var gate = new java.util.concurrent.CountDownLatch(1);
            fakes.get(0).behave((ex, body) -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                FakeUpstream.json(ex, 200, FakeUpstream.completion("from a"));
            });
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> answer(gw));
            try {
                while (fakes.get(0).received().isEmpty()) Thread.sleep(10);
                assertEquals("b", answer(gw)); // a has one call in flight, b and c none: b is next in config order
            } finally {
                gate.countDown();
            }
            assertEquals("a", first.get());
        }
    }
}
