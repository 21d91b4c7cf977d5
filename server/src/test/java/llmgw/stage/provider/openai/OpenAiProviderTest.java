package llmgw.stage.provider.openai;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import llmgw.api.Json;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The openai provider against a fake OpenAI-compatible upstream on 127.0.0.1. */
class OpenAiProviderTest {
    FakeUpstream upstream;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        gw = gateway(upstream.baseUrl(), "2s");
    }

    @AfterEach
    void stop() {
        gw.close();
        upstream.close();
    }

    static TestGateway gateway(String baseUrl, String readTimeout) {
        return TestGateway.start("""
                providers:
                  up:
                    type: openai
                    base_url: %s
                    api_key_env: UPSTREAM_KEY
                    connect_timeout: 1s
                    read_timeout: %s
                models:
                  - name: gpt-4o-mini
                    provider: up
                    upstream_model: gpt-up
                """.formatted(baseUrl, readTimeout), Map.of("UPSTREAM_KEY", "sk-upstream-secret"));
    }

    @Test
    void nonStreamCallsTheUpstreamWithItsModelNameAndKey() throws Exception {
        Reply r = gw.chat("dev-token", "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"context\":{\"chunks\":[{\"id\":\"d1\",\"content\":\"the doc\"}]}}");
        assertEquals(200, r.status(), r.body());
        assertEquals("hi from upstream", r.json().path("choices").get(0).path("message").path("content").asText());
        assertEquals(10, r.json().path("usage").path("total_tokens").asInt());
        assertEquals("gpt-4o-mini", r.json().path("model").asText(), "clients see the name they asked for");

        FakeUpstream.Received sent = upstream.received().getFirst();
        assertEquals("Bearer sk-upstream-secret", sent.authorization());
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertEquals("gpt-up", body.path("model").asText());
        assertEquals(0.2, body.path("temperature").asDouble(), "unknown fields pass through");
        assertFalse(body.has("context"), "the gateway extension stays in the gateway");
        assertEquals("system", body.path("messages").get(0).path("role").asText());
        assertTrue(body.path("messages").get(0).path("content").asText().contains("[d1] the doc"));
        assertFalse(r.body().contains("sk-upstream-secret"));
    }

    @Test
    void streamIsPassedThroughWithUsage() {
        upstream.behave(FakeUpstream.streaming(List.of("Hel", "lo", " world"), 0));
        Reply r = gw.chat("dev-token", "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status());
        assertEquals("Hello world", r.streamedText());
        assertEquals(8, r.events().getLast().path("usage").path("total_tokens").asInt());
        assertTrue(r.body().endsWith("data: [DONE]\n\n"));
        assertTrue(upstream.received().getFirst().body().contains("\"include_usage\":true"));
        assertEquals(3, gw.auditRows().getFirst().completionTokens());
    }

    @Test
    void upstream4xxPassesThroughInOpenAiForm() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 400,
                "{\"error\":{\"message\":\"max_tokens is too large for this model\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("gpt-4o-mini", "hi"));
        assertEquals(400, r.status());
        assertEquals("context_length_exceeded", r.errorCode());
        assertTrue(r.json().path("error").path("message").asText().contains("max_tokens is too large"));
    }

    @Test
    void upstreamAuthFailureIsTheGatewaysProblemNotTheClients() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 401, "{\"error\":{\"message\":\"bad key sk-upstream-secret\"}}"));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("gpt-4o-mini", "hi"));
        assertEquals(502, r.status());
        assertEquals("upstream_auth_failed", r.errorCode());
        assertFalse(r.body().contains("sk-upstream"));
    }

    @Test
    void upstream5xxBecomes502() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 500, "{\"error\":{\"message\":\"boom with internals\"}}"));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("gpt-4o-mini", "hi"));
        assertEquals(502, r.status());
        assertEquals("upstream_error", r.errorCode());
        assertFalse(r.body().contains("internals"));
        var row = gw.auditRows().getFirst();
        assertEquals(502, row.status());
        assertEquals("error", row.decision());
    }

    @Test
    void slowUpstreamTimesOutWith504() {
        upstream.behave((ex, body) -> {
            FakeUpstream.sleep(4_000);
            FakeUpstream.json(ex, 200, FakeUpstream.completion("too late"));
        });
        long start = System.nanoTime();
        Reply r = gw.chat("dev-token", TestGateway.chatBody("gpt-4o-mini", "hi"));
        assertEquals(504, r.status());
        assertEquals("upstream_timeout", r.errorCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3_900, "gave up at the read timeout, not when the upstream answered");
    }

    @Test
    void streamThatGoesQuietEndsWithAnErrorEvent() {
        upstream.behave((ex, body) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            FakeUpstream.event(ex.getResponseBody(), "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial answer. \"}}]}");
            FakeUpstream.sleep(5_000);
        });
        Reply r = gw.chat("dev-token", "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals("partial answer. ", r.streamedText());
        assertEquals("upstream_timeout", r.events().getLast().path("error").path("code").asText());
        assertFalse(r.body().contains("[DONE]"));
        assertEquals(504, gw.auditRows().getFirst().status());
    }

    @Test
    void unreachableUpstreamIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TestGateway down = gateway("http://127.0.0.1:" + closedPort + "/v1", "2s")) {
            Reply r = down.chat("dev-token", TestGateway.chatBody("gpt-4o-mini", "hi"));
            assertEquals(502, r.status());
            assertEquals("upstream_unreachable", r.errorCode());
        }
    }

    @Test
    void clientDisconnectCancelsTheUpstreamStream() throws Exception {
        upstream.behave(upstream.endlessStream());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer dev-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
                .build();
        HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = resp.body();
        byte[] first = in.readNBytes(200);
        assertTrue(new String(first, StandardCharsets.UTF_8).startsWith("data: "));
        in.close();
        client.close();
        assertTrue(upstream.streamAborted.await(20, TimeUnit.SECONDS), "the upstream saw its reader go away");
        var row = gw.auditRows().getFirst();
        assertEquals(499, row.status());
        assertEquals("client_disconnected", row.errorClass());
    }
}
