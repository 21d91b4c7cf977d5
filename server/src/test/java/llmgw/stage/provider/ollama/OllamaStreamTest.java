package llmgw.stage.provider.ollama;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import llmgw.testing.FakeOllama;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ollama provider's NDJSON streams: pieces, counts, odd lines, errors, silence and hang-ups. */
class OllamaStreamTest {
    FakeOllama ollama;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        ollama = new FakeOllama();
        gw = OllamaProviderTest.gateway(ollama);
    }

    @AfterEach
    void stop() {
        gw.close();
        ollama.close();
    }

    @Test
    void streamReadsNdjsonToTheDoneLine() {
        Reply r = gw.chat("dev-token", "{\"model\":\"llama3:8b\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("Hello from ollama", r.streamedText());
        List<JsonNode> events = r.events();
        assertEquals("stop", events.get(events.size() - 2).path("choices").get(0).path("finish_reason").asText());
        assertEquals(9, events.getLast().path("usage").path("prompt_tokens").asInt());
        assertEquals(4, events.getLast().path("usage").path("completion_tokens").asInt());
        assertTrue(ollama.last("/api/chat").body().path("stream").asBoolean());
        assertEquals(4, gw.auditRows().getFirst().completionTokens());
    }

    @Test
    void streamsSkipEmptyPiecesEstimateACachedPromptAndMayEndWithoutDone() {
        String body = "{\"model\":\"llama3:8b\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"twelve chars\"}]}";
        ollama.on("/api/chat", (ex, b) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hmm\"},\"done\":false}");
            FakeOllama.line(ex.getResponseBody(), "");
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"ok \"},\"done\":false}");
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"eval_count\":2}");
        });
        Reply cached = gw.chat("dev-token", body);
        assertEquals("ok ", cached.streamedText());
        assertEquals(3, cached.events().getLast().path("usage").path("prompt_tokens").asInt(), "estimated from 12 characters");
        assertEquals(2, cached.events().getLast().path("usage").path("completion_tokens").asInt());

        ollama.on("/api/chat", (ex, b) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"cut \"},\"done\":false}");
        });
        Reply cut = gw.chat("dev-token", body);
        assertEquals("cut ", cut.streamedText());
        assertTrue(cut.body().endsWith("data: [DONE]\n\n"), "what arrived is the answer");

        ollama.on("/api/chat", (ex, b) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "<html>proxy error</html>");
        });
        // A stream broken from its first line fails before the client gets a byte: a plain 502, not an error event.
        Reply garbage = gw.chat("dev-token", body);
        assertEquals(502, garbage.status());
        assertEquals("upstream_bad_response", garbage.errorCode());
        ollama.on("/api/chat", (ex, b) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "[1]");
        });
        assertEquals("upstream_bad_response", gw.chat("dev-token", body).errorCode());
    }

    @Test
    void streamErrorsAndSilenceEndTheStreamWithAnErrorEvent() {
        ollama.on("/api/chat", (ex, body) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"partial \"},\"done\":false}");
            FakeOllama.line(ex.getResponseBody(), "{\"error\":\"an error was encountered while running the model\"}");
        });
        String body = "{\"model\":\"llama3:8b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Reply failed = gw.chat("dev-token", body);
        assertEquals("partial ", failed.streamedText());
        assertEquals("upstream_error", failed.events().getLast().path("error").path("code").asText());

        ollama.on("/api/chat", (ex, b) -> {
            ex.sendResponseHeaders(200, 0);
            FakeOllama.line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"partial \"},\"done\":false}");
            FakeUpstream.sleep(5_000);
        });
        Reply quiet = gw.chat("dev-token", body);
        assertEquals("upstream_timeout", quiet.events().getLast().path("error").path("code").asText());
        assertEquals(504, gw.auditRows().getLast().status());
    }

    @Test
    void clientDisconnectCancelsTheOllamaStream() throws Exception {
        ollama.on("/api/chat", ollama.endlessStream());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer dev-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3:8b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
                .build();
        InputStream in = client.send(req, HttpResponse.BodyHandlers.ofInputStream()).body();
        assertTrue(new String(in.readNBytes(200), StandardCharsets.UTF_8).startsWith("data: "));
        in.close();
        client.close();
        assertTrue(ollama.streamAborted.await(20, TimeUnit.SECONDS), "Ollama saw its reader go away");
        assertEquals(499, gw.auditRows().getFirst().status());
    }
}
