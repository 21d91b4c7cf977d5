package llmgw.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import llmgw.testing.TestGateway;

/**
 * Where a warm gateway's time goes, one request at a time and with no load: the gateway started
 * in-process, the {@code stub} model against the fake upstream behind an {@code openai} provider, and
 * the upstream called directly. The difference between the two models is the upstream HTTP leg.
 * Run by {@code scripts/bench-overhead.sh probe}.
 */
public final class SequentialProbe {
    public static void main(String[] args) throws Exception {
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
            for (int round = 0; round < 4; round++) { // the first rounds warm the JIT up
                boolean report = round == 3;
                for (String[] c : new String[][] {{"direct", direct, "up"}, {"gateway, stub model", via, "stub"}, {"gateway, upstream model", via, "up"}}) {
                    String body = "{\"model\":\"" + c[2] + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + OverheadBenchmark.PROMPT + "\"}]}";
                    var request = LoadGenerator.post(URI.create(c[1]), "dev-token", body);
                    long[] t = new long[2000];
                    for (int i = 0; i < t.length; i++) {
                        long s = System.nanoTime();
                        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        t[i] = System.nanoTime() - s;
                    }
                    java.util.Arrays.sort(t);
                    if (report) System.out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms |%n", c[0], t[1000] / 1e6, t[1800] / 1e6);
                }
            }
        }
    }
}
