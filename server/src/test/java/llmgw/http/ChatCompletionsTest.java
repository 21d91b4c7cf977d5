package llmgw.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.dev();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void nonStreamAnswerHasOpenAiShape() {
        Reply r = gw.chat("dev-token", TestGateway.chatBody("stub", "the quick brown fox"));
        assertEquals(200, r.status(), r.body());
        JsonNode j = r.json();
        assertTrue(j.path("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", j.path("object").asText());
        assertTrue(j.path("created").asLong() > 1_700_000_000L);
        assertEquals("stub", j.path("model").asText());
        JsonNode choice = j.path("choices").get(0);
        assertEquals(0, choice.path("index").asInt());
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertTrue(choice.path("message").path("content").asText().endsWith("You said: the quick brown fox"));
        assertEquals("stop", choice.path("finish_reason").asText());
        JsonNode usage = j.path("usage");
        assertTrue(usage.path("prompt_tokens").asInt() > 0);
        assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(), usage.path("total_tokens").asInt());
        assertNull(r.header("Retry-After"));
        assertNotNull(r.header("X-RateLimit-Remaining"));
    }

    @Test
    void streamSendsChunksThenDone() {
        Reply r = gw.chat("dev-token", "{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
        assertTrue(r.body().endsWith("data: [DONE]\n\n"));
        List<JsonNode> events = r.events();
        assertTrue(events.size() > 5, "token by token");
        assertEquals("assistant", events.getFirst().path("choices").get(0).path("delta").path("role").asText());
        for (JsonNode e : events) {
            assertEquals("chat.completion.chunk", e.path("object").asText());
            assertEquals(events.getFirst().path("id").asText(), e.path("id").asText());
            assertFalse(e.has("usage"), "no usage chunk unless asked for");
        }
        assertEquals("stop", events.getLast().path("choices").get(0).path("finish_reason").asText());
        assertEquals("Hello from the llmgw stub model. You said: one two three", r.streamedText());
    }

    @Test
    void aClientThatHasTheWholeStreamFindsItsAuditRow() {
        // The row is queued before the stream's last chunk is sent; repeated, since a wrong order only shows up as a race.
        try (TestGateway own = TestGateway.start("rate_limit: {requests_per_minute: 100000, burst: 100000}", Map.of())) {
            for (int i = 0; i < 25; i++) {
                Reply r = own.chat("dev-token", "{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"row " + i + "\"}]}");
                assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body());
                String id = r.header("X-Request-Id");
                assertTrue(own.auditRows().stream().anyMatch(row -> row.requestId().equals(id)), "no audit row for stream " + i);
            }
        }
    }

    @Test
    void aClientThatStopsAtTheEndMarkerFindsItsAuditRow() throws Exception {
        // Clients (ollama-js, OpenAI's SDKs) move on at the end marker without waiting for the connection's last
        // chunk: the marker must not reach them before the row is queued. Repeated, as a wrong order shows up as a race.
        try (TestGateway own = TestGateway.start("rate_limit: {requests_per_minute: 100000, burst: 100000}", Map.of());
             HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 50; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(own.url() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer dev-token").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stub\",\"stream\":true,\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"marker " + i + "\"}]}")).build();
                HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                String id = r.headers().firstValue("X-Request-Id").orElseThrow();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null && !line.equals("data: [DONE]")) {
                        // the answer's events
                    }
                    assertEquals("data: [DONE]", line);
                    assertTrue(own.auditRows().stream().anyMatch(row -> row.requestId().equals(id)), "no audit row at the end marker, stream " + i);
                }
            }
        }
    }

    @Test
    void streamIncludesUsageWhenAsked() {
        Reply r = gw.chat("dev-token", "{\"model\":\"stub\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}");
        JsonNode last = r.events().getLast();
        assertEquals(0, last.path("choices").size());
        assertTrue(last.path("usage").path("completion_tokens").asInt() > 0);
        var row = gw.auditRows().stream().filter(a -> a.streamed()).reduce((a, b) -> b).orElseThrow();
        assertEquals(last.path("usage").path("completion_tokens").asInt(), row.completionTokens());
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        Reply r = gw.chat("dev-token", "{\"model\":\"stub\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"a long message to echo back\"}]}");
        assertEquals(200, r.status());
        assertEquals("length", r.json().path("choices").get(0).path("finish_reason").asText());
        assertTrue(r.json().path("choices").get(0).path("message").path("content").asText().length() <= 12);
    }

    @Test
    void ragContextIsAcceptedAndCited() {
        Reply r = gw.chat("dev-token", "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"summarise\"}],"
                + "\"context\":{\"source\":\"https://docs.example/handbook\",\"chunks\":[{\"id\":\"c1\",\"content\":\"Doc one.\"},{\"id\":7,\"content\":\"Doc two.\"}]}}");
        assertEquals(200, r.status(), r.body());
        JsonNode citations = r.json().path("citations");
        assertEquals(2, citations.size());
        assertEquals("c1", citations.get(0).asText());
        assertEquals("7", citations.get(1).asText());
    }

    @Test
    void answersWithoutContextCarryNoCitations() {
        assertFalse(gw.chat("dev-token", TestGateway.chatBody("stub", "x")).json().has("citations"));
    }
}
