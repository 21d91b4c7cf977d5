package llmgw.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Past server.max_in_flight the gateway answers 503 at once instead of queueing until memory runs out. */
class OverloadTest {

    /** The upstream holds every call until the gate opens. */
    private static void answerWhenOpened(FakeUpstream up, CountDownLatch gate) {
        up.behave((ex, body) -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeUpstream.json(ex, 200, FakeUpstream.completion("slow"));
        });
    }

    /**
     * The first answer that is not 503, trying for up to 2 s: a request counts as done just after its answer
     * is written, so a client that sends again at once can still meet the old count.
     */
    private static TestGateway.Reply soon(Supplier<TestGateway.Reply> call) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        TestGateway.Reply r = call.get();
        while (r.status() == 503 && System.nanoTime() < until) {
            Thread.sleep(20);
            r = call.get();
        }
        return r;
    }

    @Test
    void requestsBeyondTheLimitGet503AndTheirOwnApisShape() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (FakeUpstream up = new FakeUpstream(); TestGateway gw = TestGateway.withUpstream(up, "server: {max_in_flight: 1}\n")) {
            answerWhenOpened(up, gate);
            CompletableFuture<TestGateway.Reply> first = CompletableFuture.supplyAsync(() -> gw.chat("dev-token", TestGateway.chatBody("up", "1")));
            try {
                while (up.received().isEmpty()) Thread.sleep(10);
                var refused = gw.chat("dev-token", TestGateway.chatBody("stub", "2"));
                assertEquals(503, refused.status());
                assertEquals("overloaded", refused.errorCode());
                assertEquals("1", refused.header("Retry-After"));
                var ollama = gw.post("/api/chat", "dev-token", "application/json", "{\"model\":\"stub\",\"messages\":[]}", java.util.Map.of());
                assertEquals(503, ollama.status());
                assertEquals(true, ollama.json().path("error").isTextual(), "Ollama's own error shape");
                var admin = gw.get("/admin/keys", "dev-token");
                assertEquals(503, admin.status(), "admin endpoints are counted too");
                // Refusals at the door are audited like any other: who could not be served, where, and why.
                var rows = gw.auditRows().stream().filter(row -> "overloaded".equals(row.errorClass())).toList();
                assertEquals(3, rows.size(), rows.toString());
                assertEquals(java.util.List.of(refused.header("X-Request-Id"), ollama.header("X-Request-Id"), admin.header("X-Request-Id")),
                        rows.stream().map(row -> row.requestId()).toList());
                assertEquals(503, rows.getFirst().status());
                assertEquals("/api/chat", rows.get(1).endpoint());
            } finally {
                gate.countDown();
            }
            assertEquals(200, first.get().status());
            assertEquals(200, soon(() -> gw.chat("dev-token", TestGateway.chatBody("stub", "3"))).status(), "room again once the first is done");
        }
    }

    @Test
    void bodiesBeyondTheByteBudgetGet503UntilTheHeldOnesAreDone() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        String notes = "The team met on Tuesday and agreed to move the nightly batch to the new scheduler. ".repeat(50);
        String held = TestGateway.chatBody("up", notes.substring(0, 3000));
        String big = TestGateway.chatBody("stub", notes.substring(0, 3900));
        String small = TestGateway.chatBody("stub", notes.substring(0, 1500));
        try (FakeUpstream up = new FakeUpstream();
             TestGateway gw = TestGateway.withUpstream(up, "server: {max_body_bytes: 4096, max_in_flight_bytes: 6000}\n")) {
            answerWhenOpened(up, gate);
            CompletableFuture<TestGateway.Reply> first = CompletableFuture.supplyAsync(() -> gw.chat("dev-token", held));
            try {
                while (up.received().isEmpty()) {
                    if (first.isDone()) fail("the held request was answered without reaching the upstream: " + first.get().body());
                    Thread.sleep(10);
                }
                var refused = gw.chat("dev-token", big);
                assertEquals(503, refused.status(), refused.body());
                assertEquals("overloaded", refused.errorCode());
                assertEquals("1", refused.header("Retry-After"));
                assertEquals("close", refused.header("Connection"), "under overload a refused body is not read: its connection is given up");
                assertEquals(200, gw.chat("dev-token", small).status(), "a body that fits beside the held one is served");
                assertEquals(200, gw.get("/v1/models", "dev-token").status(), "a request without a body holds no body bytes");
            } finally {
                gate.countDown();
            }
            assertEquals(200, first.get().status());
            assertEquals(200, soon(() -> gw.chat("dev-token", big)).status(), "room again once the held body is done");
        }
    }
}
