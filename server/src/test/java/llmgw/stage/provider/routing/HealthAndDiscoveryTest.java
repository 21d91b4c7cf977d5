package llmgw.stage.provider.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Active health checks and model discovery, against OpenAI-compatible fakes whose model lists the tests change. */
class HealthAndDiscoveryTest {

    /** Answers /v1/models with the given ids (or the status when it is not 200), chat with "from NAME". */
    static FakeUpstream.Behaviour serving(String name, List<String> models, int modelsStatus) {
        return (ex, body) -> {
            if (ex.getRequestURI().getPath().endsWith("/models")) {
                StringBuilder data = new StringBuilder();
                for (String m : models) data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(m).append("\",\"object\":\"model\"}");
                FakeUpstream.json(ex, modelsStatus, "{\"object\":\"list\",\"data\":[" + data + "]}");
            } else {
                FakeUpstream.json(ex, 200, FakeUpstream.completion("from " + name));
            }
        };
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(25);
        }
        throw new AssertionError("never happened: " + what);
    }

    static List<String> models(TestGateway gw) {
        return gw.get("/v1/models", "dev-token").json().path("data").findValuesAsText("id");
    }

    @Test
    void discoveredModelsAppearWithoutARestart() throws Exception {
        try (FakeUpstream a = new FakeUpstream();
             TestGateway gw = TestGateway.start("""
                     endpoints:
                       - {name: a, type: openai, url: %s}
                     routing:
                       discovery: {enabled: true, interval: 100ms}
                     """.formatted(a.baseUrl()), Map.of())) {
            a.behave(serving("a", List.of("alpha"), 200));
            await(() -> models(gw).contains("alpha"), "alpha discovered");
            assertEquals(404, gw.chat("dev-token", TestGateway.chatBody("beta", "hi")).status());
            a.behave(serving("a", List.of("alpha", "beta"), 200));
            await(() -> models(gw).contains("beta"), "beta discovered");
            var r = gw.chat("dev-token", TestGateway.chatBody("beta", "hi"));
            assertEquals(200, r.status(), r.body());
            assertTrue(a.received().getLast().body().contains("\"model\":\"beta\""));
            List<String> discovered = new java.util.ArrayList<>();
            endpoint(gw, "a").path("discovered").forEach(n -> discovered.add(n.asText()));
            assertEquals(List.of("alpha", "beta"), discovered);
        }
    }

    @Test
    void anEndpointFailingItsHealthCheckIsSkippedUntilItRecovers() throws Exception {
        try (FakeUpstream a = new FakeUpstream(); FakeUpstream b = new FakeUpstream();
             TestGateway gw = TestGateway.start("""
                     endpoints:
                       - {name: a, type: openai, url: %s, models: [m], health_check: {enabled: true, interval: 100ms, timeout: 500ms}}
                       - {name: b, type: openai, url: %s, models: [m]}
                     rate_limit: {requests_per_minute: 100000, burst: 100000}
                     """.formatted(a.baseUrl(), b.baseUrl()), Map.of())) {
            a.behave(serving("a", List.of("m"), 200));
            b.behave(serving("b", List.of("m"), 200));
            await(() -> healthy(gw, "a") && lastCheck(gw, "a") != null, "a checked");
            assertEquals("from a", text(gw));

            a.behave(serving("a", List.of(), 500));
            await(() -> !healthy(gw, "a"), "a marked unhealthy");
            long chatsToA = a.received().stream().filter(r -> r.path().endsWith("/chat/completions")).count();
            for (int i = 0; i < 5; i++) assertEquals("from b", text(gw));
            assertEquals(chatsToA, a.received().stream().filter(r -> r.path().endsWith("/chat/completions")).count());

            a.behave(serving("a", List.of("m"), 200));
            await(() -> healthy(gw, "a"), "a healthy again");
            assertEquals("from a", text(gw));
        }
    }

    static String text(TestGateway gw) {
        return gw.chat("dev-token", TestGateway.chatBody("m", "hi")).json().path("choices").get(0).path("message").path("content").asText();
    }

    static JsonNode endpoint(TestGateway gw, String name) {
        for (JsonNode e : gw.get("/admin/endpoints", "dev-token").json().path("data")) if (e.path("name").asText().equals(name)) return e;
        throw new AssertionError(name);
    }

    static boolean healthy(TestGateway gw, String name) {
        return endpoint(gw, name).path("healthy").asBoolean();
    }

    static String lastCheck(TestGateway gw, String name) {
        JsonNode n = endpoint(gw, name).path("last_check");
        return n.isNull() ? null : n.asText();
    }
}
