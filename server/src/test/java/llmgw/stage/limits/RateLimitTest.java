package llmgw.stage.limits;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    static final String BODY = TestGateway.chatBody("stub", "hi");

    private static List<Reply> parallel(int n, Callable<Reply> call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) futures.add(pool.submit(call));
            List<Reply> out = new ArrayList<>();
            for (Future<Reply> f : futures) out.add(f.get());
            return out;
        }
    }

    @Test
    void parallelRequestsAreCountedExactly() throws Exception {
        // 1 request/minute refill: during the test the bucket holds exactly the burst.
        try (TestGateway gw = TestGateway.withJwt("rate_limit:\n  requests_per_minute: 1\n  burst: 25\n")) {
            String alice = TestGateway.token("alice", "acme", "user");
            List<Reply> replies = parallel(100, () -> gw.chat(alice, BODY));
            assertEquals(25, replies.stream().filter(r -> r.status() == 200).count());
            assertEquals(75, replies.stream().filter(r -> r.status() == 429).count());
            Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            assertEquals("rate_limit_exceeded", limited.errorCode());
            assertEquals("rate_limit_error", limited.json().path("error").path("type").asText());
            assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
            assertEquals("1", limited.header("X-RateLimit-Limit"));
            assertEquals("0", limited.header("X-RateLimit-Remaining"));
            assertNotNull(limited.header("X-RateLimit-Reset"));
            // Another caller has its own allowance.
            assertEquals(200, gw.chat(TestGateway.token("bob", "acme", "user"), BODY).status());
            assertEquals(75, gw.auditRows().stream().filter(a -> a.status() == 429).count());
        }
    }

    @Test
    void aTenantCanHaveItsOwnRate() throws Exception {
        try (TestGateway gw = TestGateway.withJwt("""
                rate_limit:
                  requests_per_minute: 1
                  burst: 2
                tenants:
                  bigco:
                    rate_limit: {requests_per_minute: 1, burst: 10}
                """)) {
            String small = TestGateway.token("u", "smallco", "user");
            String big = TestGateway.token("u", "bigco", "user");
            assertEquals(2, parallel(12, () -> gw.chat(small, BODY)).stream().filter(r -> r.status() == 200).count());
            assertEquals(10, parallel(12, () -> gw.chat(big, BODY)).stream().filter(r -> r.status() == 200).count());
        }
    }

    @Test
    void unauthenticatedTrafficIsLimitedPerClientIp() throws Exception {
        try (TestGateway gw = TestGateway.withJwt("rate_limit:\n  unauthenticated_per_minute: 1\n  unauthenticated_burst: 8\n")) {
            List<Reply> replies = parallel(40, () -> gw.chat("wrong-token", BODY));
            assertEquals(8, replies.stream().filter(r -> r.status() == 401).count());
            assertEquals(32, replies.stream().filter(r -> r.status() == 429).count());
            assertEquals("too_many_auth_failures", replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow().errorCode());
            // Valid callers behind the same address are not locked out by the bad traffic.
            assertEquals(200, gw.chat(TestGateway.token("alice", "acme", "user"), BODY).status());
        }
    }

    @Test
    void bucketRefillsOverTime() {
        long[] now = {0};
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(() -> now[0]);
        Rate rate = new Rate(60, 2); // one a second
        assertTrue(limiter.tryAcquire("k", rate).allowed());
        assertTrue(limiter.tryAcquire("k", rate).allowed());
        RateLimiter.Decision denied = limiter.tryAcquire("k", rate);
        assertFalse(denied.allowed());
        assertEquals(1, denied.retryAfterSeconds());
        now[0] += 999_000_000L;
        assertFalse(limiter.tryAcquire("k", rate).allowed());
        now[0] += 2_000_000L;
        RateLimiter.Decision again = limiter.tryAcquire("k", rate);
        assertTrue(again.allowed());
        assertEquals(0, again.remaining());
        now[0] += 60_000_000_000L;
        assertEquals(1, limiter.tryAcquire("k", rate).remaining(), "refills to the burst, never above");
    }
}
