package llmgw;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import llmgw.stage.audit.AuditFilter;
import llmgw.stage.audit.AuditStore;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stopLetsARunningStreamFinishAndFlushesTheAudit() throws Exception {
        TestGateway gw = TestGateway.start("providers:\n  stub:\n    type: stub\n    token_delay: 100ms\n", Map.of());
        String url = gw.url();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("Authorization", "Bearer dev-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"slow words here\"}]}"))
                .build();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(400); // the stream is under way: about ten tokens at 100 ms each

        long start = System.nanoTime();
        gw.gateway().stop();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 300, "stop waited for the stream");

        HttpResponse<String> resp = inFlight.get(5, TimeUnit.SECONDS);
        assertEquals(200, resp.statusCode());
        assertTrue(resp.body().endsWith("data: [DONE]\n\n"), resp.body());

        try (AuditStore store = AuditStore.openReadOnly(gw.gateway().auditFile())) {
            var rows = store.query(AuditFilter.ALL, 0, 10);
            assertEquals(1, rows.size(), "the streamed request was audited before exit");
            assertTrue(rows.getFirst().streamed());
            assertEquals(200, rows.getFirst().status());
        }
        assertThrows(Exception.class, () -> client.send(req, HttpResponse.BodyHandlers.ofString()), "no longer listening");
    }

    @Test
    void readinessTurnsFalseWhileDraining() throws Exception {
        TestGateway gw = TestGateway.start("providers:\n  stub:\n    type: stub\n    token_delay: 100ms\n", Map.of());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> stream = client.sendAsync(HttpRequest.newBuilder(URI.create(gw.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer dev-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b c d e f g h\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        Thread stopper = Thread.ofVirtual().start(() -> gw.gateway().stop());
        Thread.sleep(200);
        TestGateway.Reply ready = gw.get("/readyz", null);
        assertEquals(503, ready.status());
        assertEquals("draining", ready.json().path("checks").path("accepting").asText());
        TestGateway.Reply refused = gw.chat("dev-token", TestGateway.chatBody("stub", "late"));
        assertEquals(503, refused.status());
        assertEquals("shutting_down", refused.errorCode());
        stopper.join();
        assertEquals(200, stream.get(5, TimeUnit.SECONDS).statusCode());
        assertTrue(gw.auditRows().stream().anyMatch(row -> row.requestId().equals(refused.header("X-Request-Id"))
                && "shutting_down".equals(row.errorClass())), "the refusal while draining is on record");
    }

}
