package llmgw.api.ollama;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.stage.audit.AuditRecord;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's Ollama surface over HTTP, against the stub model. */
class OllamaApiTest {
    static final String STUB_SAYS = "Hello from the llmgw stub model. You said: ";
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("rate_limit: {requests_per_minute: 100000, burst: 100000}\n", Map.of());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Reply post(String path, String body) {
        return gw.post(path, "dev-token", "application/json", body, Map.of());
    }

    /** The NDJSON lines of a streamed answer. */
    static List<JsonNode> lines(Reply r) {
        return r.body().lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }

    static String text(List<JsonNode> lines, String field) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : lines) sb.append(field.equals("response") ? l.path("response").asText() : l.path("message").path("content").asText());
        return sb.toString();
    }

    /** Ollama's error body: {"error": "..."} and nothing else. */
    static String ollamaError(Reply r, int status) {
        assertEquals(status, r.status(), r.body());
        assertEquals(1, r.json().size(), r.body());
        assertTrue(r.json().path("error").isTextual(), r.body());
        return r.json().path("error").asText();
    }

    @Test
    void chatWholeAnswerIsOllamasShape() {
        Reply r = post("/api/chat", "{\"model\":\"stub\",\"stream\":false,\"keep_alive\":\"5m\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        JsonNode j = r.json();
        assertEquals("stub", j.path("model").asText());
        assertNotNull(Instant.parse(j.path("created_at").asText()));
        assertEquals("assistant", j.path("message").path("role").asText());
        assertEquals(STUB_SAYS + "hi", j.path("message").path("content").asText());
        assertTrue(j.path("done").asBoolean());
        assertEquals("stop", j.path("done_reason").asText());
        assertTrue(j.path("prompt_eval_count").asInt() > 0);
        assertTrue(j.path("eval_count").asInt() > 0);
        assertEquals(0, j.path("total_duration").asLong());
    }

    @Test
    void chatStreamsNdjsonWhenStreamIsLeftOut() {
        Reply r = post("/api/chat", "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"stream me\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("application/x-ndjson", r.header("Content-Type"));
        List<JsonNode> lines = lines(r);
        assertTrue(lines.size() > 3);
        assertEquals(STUB_SAYS + "stream me", text(lines, "message"));
        for (JsonNode l : lines.subList(0, lines.size() - 1)) assertFalse(l.path("done").asBoolean(), l.toString());
        JsonNode last = lines.getLast();
        assertTrue(last.path("done").asBoolean());
        assertEquals("stop", last.path("done_reason").asText());
        assertEquals("", last.path("message").path("content").asText());
        assertTrue(last.path("eval_count").asInt() > 0);
    }

    @Test
    void numPredictCapsTheAnswer() {
        Reply whole = post("/api/chat", "{\"model\":\"stub\",\"stream\":false,\"options\":{\"num_predict\":3,\"num_ctx\":8192},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a long question\"}]}");
        assertEquals("length", whole.json().path("done_reason").asText());
        assertEquals(12, whole.json().path("message").path("content").asText().length());
        Reply streamed = post("/api/generate", "{\"model\":\"stub\",\"prompt\":\"a long question\",\"options\":{\"num_predict\":3}}");
        assertEquals("length", lines(streamed).getLast().path("done_reason").asText());
        Reply unlimited = post("/api/chat", "{\"model\":\"stub\",\"stream\":false,\"options\":{\"num_predict\":-1},\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}");
        assertEquals("stop", unlimited.json().path("done_reason").asText());
    }

    @Test
    void generateAnswersInResponseWholeAndStreamed() {
        Reply whole = post("/api/generate", "{\"model\":\"stub\",\"prompt\":\"why is the sky blue?\",\"system\":\"be brief\",\"stream\":false}");
        assertEquals(200, whole.status(), whole.body());
        assertEquals(STUB_SAYS + "why is the sky blue?", whole.json().path("response").asText());
        assertFalse(whole.json().has("message"));
        assertTrue(whole.json().path("done").asBoolean());

        List<JsonNode> lines = lines(post("/api/generate", "{\"model\":\"stub\",\"prompt\":\"stream it\"}"));
        assertEquals(STUB_SAYS + "stream it", text(lines, "response"));
        assertTrue(lines.getLast().path("done").asBoolean());
        assertEquals("", lines.getLast().path("response").asText());
    }

    @Test
    void embedAndTheOlderEmbeddingsAnswerVectors() {
        Reply many = post("/api/embed", "{\"model\":\"stub\",\"input\":[\"first\",\"second\"],\"truncate\":true}");
        assertEquals(200, many.status(), many.body());
        assertEquals("stub", many.json().path("model").asText());
        assertEquals(2, many.json().path("embeddings").size());
        assertEquals(8, many.json().path("embeddings").get(0).size());
        assertTrue(many.json().path("prompt_eval_count").asInt() > 0);

        Reply one = post("/api/embed", "{\"model\":\"stub\",\"input\":\"second\"}");
        assertEquals(many.json().path("embeddings").get(1), one.json().path("embeddings").get(0));

        Reply old = post("/api/embeddings", "{\"model\":\"stub\",\"prompt\":\"second\"}");
        assertEquals(200, old.status(), old.body());
        assertEquals(many.json().path("embeddings").get(1), old.json().path("embedding"));
    }

    @Test
    void tagsListTheCallersModels() {
        Reply r = gw.get("/api/tags", "dev-token");
        assertEquals(200, r.status(), r.body());
        JsonNode first = r.json().path("models").get(0);
        assertEquals("stub", first.path("name").asText());
        assertEquals("stub", first.path("model").asText());
        assertNotNull(Instant.parse(first.path("modified_at").asText()));
        assertEquals(0, first.path("size").asInt());
        assertTrue(first.path("details").isObject());
        assertTrue(ollamaError(gw.get("/api/tags", null), 401).contains("missing credentials"));
    }

    @Test
    void errorsComeInOllamasShape() {
        assertTrue(ollamaError(gw.post("/api/chat", null, "application/json", "{}", Map.of()), 401).contains("missing credentials"));
        assertTrue(ollamaError(post("/api/chat", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 404).contains("'nope'"));
        assertTrue(ollamaError(post("/api/embed", "{\"model\":\"nope\",\"input\":\"x\"}"), 404).contains("'nope'"));
        assertTrue(ollamaError(post("/api/chat", "{\"model\":"), 400).startsWith("request body is not valid JSON at line 1"));
        Map<String, String> bad = Map.ofEntries(
                Map.entry("/api/chat", "[]"),
                Map.entry("/api/generate", "{\"prompt\":\"x\"}"),
                Map.entry("/api/embed", "{\"model\":\"stub\",\"input\":[]}"),
                Map.entry("/api/embeddings", "{\"model\":\"stub\",\"prompt\":5}"));
        bad.forEach((path, body) -> ollamaError(post(path, body), 400));
        List<String> chats = List.of(
                "{\"model\":\"stub\",\"messages\":[]}",
                "{\"model\":\"stub\",\"messages\":[5]}",
                "{\"model\":\"stub\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
                "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":[\"x\"]}]}",
                "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"images\":\"abc\"}]}",
                "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"images\":[\"bm90IGFuIGltYWdl\"]}]}",
                "{\"model\":\"stub\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"stub\",\"options\":[],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"stub\",\"options\":{\"num_predict\":0},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"stub\",\"format\":\"xml\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"stub\",\"tools\":[{\"type\":\"function\"}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"stub\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}");
        for (String body : chats) ollamaError(post("/api/chat", body), 400);
        List<String> generates = List.of(
                "{\"model\":\"stub\",\"prompt\":\"\"}",
                "{\"model\":\"stub\",\"prompt\":\"x\",\"system\":1}",
                "{\"model\":\"stub\",\"prompt\":\"x\",\"raw\":true}",
                "{\"model\":\"stub\",\"prompt\":\"x\",\"template\":\"{{ .Prompt }}\"}",
                "{\"model\":\"stub\",\"prompt\":\"def f(\",\"suffix\":\"return x\"}",
                "{\"model\":\"stub\",\"prompt\":\"x\",\"context\":[1,2,3]}");
        for (String body : generates) assertTrue(ollamaError(post("/api/generate", body), 400).contains("'"), body);
        ollamaError(post("/api/embed", "{\"model\":\"stub\",\"input\":[\"x\",1]}"), 400);
        ollamaError(post("/api/embed", "{\"model\":\"stub\",\"input\":\"x\",\"dimensions\":0}"), 400);
        // What Ollama clients leave empty or false is no request for the refused feature.
        assertEquals(200, post("/api/generate", "{\"model\":\"stub\",\"prompt\":\"x\",\"raw\":false,\"context\":[],\"stream\":false}").status());
    }

    @Test
    void theRequestGuardStillBlocksSecretsOnEveryOllamaRoute() {
        String key = "AKIAIOSFODNN7EXAMPLE";
        String chat = ollamaError(post("/api/chat", "{\"model\":\"stub\",\"messages\":[{\"role\":\"user\",\"content\":\"use " + key + "\"}]}"), 400);
        assertTrue(chat.contains("secret.aws_access_key_id"), chat);
        String embed = ollamaError(post("/api/embed", "{\"model\":\"stub\",\"input\":[\"fine\",\"key " + key + "\"]}"), 400);
        assertTrue(embed.contains("secret.aws_access_key_id") && embed.contains("messages[1]"), embed);
        ollamaError(post("/api/generate", "{\"model\":\"stub\",\"prompt\":\"" + key + "\"}"), 400);
        ollamaError(post("/api/embeddings", "{\"model\":\"stub\",\"prompt\":\"" + key + "\"}"), 400);
        List<AuditRecord> blocked = gw.auditRows().stream().filter(row -> row.reasons().contains("content_blocked")).toList();
        assertEquals(List.of("/api/chat", "/api/embed", "/api/generate", "/api/embeddings"),
                blocked.stream().map(AuditRecord::endpoint).toList().subList(blocked.size() - 4, blocked.size()));
        assertTrue(blocked.stream().noneMatch(row -> String.valueOf(row.prompt()).contains(key)));
    }
}
