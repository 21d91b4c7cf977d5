package llmgw.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import llmgw.testing.TestGateway;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Where a warm gateway's time goes, one request at a time and with no load: the gateway started
 * in-process, the {@code stub} model against the fake upstream behind an {@code openai} provider, and
 * the upstream called directly. The difference between the two models is the upstream HTTP leg. The
 * upstream is also called directly with Jetty's client, the one the gateway uses for upstreams (as it is set
 * up by default, and with non-blocking listeners from a virtual thread as the gateway calls it), to
 * compare the two clients. Each is timed back to back, then with a pause before each request, and the heap
 * its calls allocate is reported per call. Run by
 * {@code scripts/bench-overhead.sh probe}.
 */
public final class SequentialProbe {
    /**
     * Heap allocated by every thread of this JVM (client, upstream and gateway alike): the gateway's share of a call is
     * the upstream model's figure less the direct JDK call's. Allocation sets how often the collector pauses a gateway.
     */
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private interface Call {
        void run() throws Exception;
    }

    private record Case(String name, Call call) {}

    public static void main(String[] args) throws Exception {
        org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
        jetty.start();
        // As the gateway's UpstreamClient has it: answers handled on the selector thread, no hand-off to a pool thread.
        var transport = new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP();
        transport.setInvocationType(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING);
        org.eclipse.jetty.client.HttpClient jettyNonBlocking = new org.eclipse.jetty.client.HttpClient(transport);
        jettyNonBlocking.start();
        try (BenchUpstream up = new BenchUpstream(0);
             TestGateway gw = TestGateway.start("""
                     providers:
                       up: {type: openai, base_url: %s}
                     models:
                       - {name: up, provider: up}
                       - {name: stub, provider: stub}
                     rate_limit: {requests_per_minute: 10000000, burst: 100000}
                     """.formatted(up.baseUrl()), Map.of());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String direct = up.baseUrl() + "/chat/completions";
            String via = gw.url() + "/v1/chat/completions";
            byte[] upBody = body("up");
            List<Case> cases = List.of(
                    new Case("direct (JDK HttpClient)", jdk(client, direct, "up")),
                    new Case("direct (Jetty HttpClient)", jetty(jetty, direct, upBody, false)),
                    new Case("direct (Jetty HttpClient), virtual thread", jetty(jetty, direct, upBody, true)),
                    new Case("direct (Jetty HttpClient, non-blocking listeners), virtual thread", jetty(jettyNonBlocking, direct, upBody, true)),
                    new Case("gateway, stub model", jdk(client, via, "stub")),
                    new Case("gateway, upstream model", jdk(client, via, "up")));
            // Back to back, then with 2 ms of quiet before each request (the gap between requests at 500 RPS):
            // the difference is what waking the sleeping threads costs.
            for (long gapMicros : new long[] {0, 2000}) {
                if (gapMicros > 0) System.out.printf(Locale.ROOT, "%nwith %d µs of quiet before each request:%n", gapMicros);
                for (int round = 0; round < 4; round++) { // the first rounds warm the JIT up
                    for (Case c : cases) {
                        long[] t = new long[2000];
                        long allocatedBefore = ALLOCATION.getTotalThreadAllocatedBytes();
                        for (int i = 0; i < t.length; i++) {
                            if (gapMicros > 0) LockSupport.parkNanos(gapMicros * 1000);
                            long s = System.nanoTime();
                            c.call().run();
                            t[i] = System.nanoTime() - s;
                        }
                        double kbPerCall = (ALLOCATION.getTotalThreadAllocatedBytes() - allocatedBefore) / 1024.0 / t.length;
                        Arrays.sort(t);
                        if (round == 3) System.out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms | %.1f KB |%n", c.name(), t[1000] / 1e6, t[1800] / 1e6, kbPerCall);
                    }
                }
            }
        } finally {
            jetty.stop();
            jettyNonBlocking.stop();
        }
    }

    /** A call through a Jetty client, from this thread or, as the gateway makes it, from a virtual thread. */
    private static Call jetty(org.eclipse.jetty.client.HttpClient client, String url, byte[] body, boolean virtual) {
        Call call = () -> new org.eclipse.jetty.client.CompletableResponseListener(client.newRequest(url).method(HttpMethod.POST)
                .body(new BytesRequestContent("application/json", body))).send().get();
        if (!virtual) return call;
        return () -> {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    call.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.join();
        };
    }

    private static byte[] body(String model) {
        return ("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + OverheadBenchmark.PROMPT + "\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Call jdk(HttpClient client, String url, String model) {
        var request = LoadGenerator.post(URI.create(url), "dev-token", new String(body(model), java.nio.charset.StandardCharsets.UTF_8));
        return () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
