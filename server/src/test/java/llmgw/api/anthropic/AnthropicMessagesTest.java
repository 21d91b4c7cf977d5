package llmgw.api.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.testing.FakeAnthropic;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages} through HTTP: against the stub model and, Anthropic in to Anthropic out, a fake Anthropic upstream. */
class AnthropicMessagesTest {
    static FakeAnthropic upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeAnthropic();
        gw = TestGateway.start("""
                providers:
                  claude: {type: anthropic, base_url: %s, api_key_env: CLAUDE_KEY, read_timeout: 2s}
                models:
                  - {name: stub, provider: stub}
                  - {name: claude-3, provider: claude, upstream_model: claude-up}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                """.formatted(upstream.baseUrl()), Map.of("CLAUDE_KEY", "sk-ant-secret"));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.received().clear();
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeAnthropic.message("hi from claude", "end_turn")));
    }

    static Reply messages(String apiKey, String body) {
        return gw.post("/v1/messages", null, "application/json", body, apiKey == null ? Map.of() : Map.of("x-api-key", apiKey));
    }

    static String body(String model, boolean stream, String text) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":256,\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.MAPPER.valueToTree(text) + "}]}";
    }

    /** The named events of an Anthropic stream, in order. */
    record Event(String name, JsonNode data) {}

    static List<Event> events(Reply r) throws IOException {
        List<Event> out = new ArrayList<>();
        String name = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("event: ")) name = line.substring(7);
            else if (line.startsWith("data: ")) out.add(new Event(name, Json.MAPPER.readTree(line.substring(6))));
        }
        return out;
    }

    static String text(List<Event> events) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) if (e.name().equals("content_block_delta")) sb.append(e.data().path("delta").path("text").asText());
        return sb.toString();
    }

    @Test
    void stubAnswersAsAnAnthropicMessage() {
        Reply r = messages("dev-token", "{\"model\":\"stub\",\"max_tokens\":256,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertEquals(200, r.status(), r.body());
        JsonNode m = r.json();
        assertTrue(m.path("id").asText().startsWith("msg_"), m.path("id").asText());
        assertEquals("message", m.path("type").asText());
        assertEquals("assistant", m.path("role").asText());
        assertEquals("stub", m.path("model").asText());
        assertEquals("Hello from the llmgw stub model. You said: hello", m.path("content").get(0).path("text").asText());
        assertEquals("end_turn", m.path("stop_reason").asText());
        assertTrue(m.path("usage").path("input_tokens").asInt() > 0);
        assertTrue(m.path("usage").path("output_tokens").asInt() > 0);
        assertEquals("max_tokens", messages("dev-token", "{\"model\":\"stub\",\"max_tokens\":3," + AnthropicRequestDecoderTest.MSG + "}")
                .json().path("stop_reason").asText());
        assertEquals("/v1/messages", gw.auditRows().getLast().endpoint());
    }

    @Test
    void stubStreamsAnthropicsEventSequence() throws Exception {
        Reply r = messages("dev-token", body("stub", true, "stream me"));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
        List<Event> events = events(r);
        List<String> names = events.stream().map(Event::name).distinct().toList();
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), names);
        events.forEach(e -> assertEquals(e.name(), e.data().path("type").asText()));
        assertTrue(events.getFirst().data().path("message").path("usage").path("input_tokens").asInt() > 0);
        assertEquals("Hello from the llmgw stub model. You said: stream me", text(events));
        JsonNode delta = events.get(events.size() - 2).data();
        assertEquals("end_turn", delta.path("delta").path("stop_reason").asText());
        assertTrue(delta.path("usage").path("output_tokens").asInt() > 0);
    }

    @Test
    void anthropicInAnthropicOut() {
        Reply r = messages("dev-token", """
                {"model": "claude-3", "max_tokens": 99, "temperature": 0.1, "stop_sequences": ["END"], "metadata": {"user_id": "u-1"},
                 "system": [{"type": "text", "text": "Be brief."}],
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "what is this?"},
                   {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]}]}
                """);
        assertEquals(200, r.status(), r.body());
        assertEquals("hi from claude", r.json().path("content").get(0).path("text").asText());
        assertEquals("claude-3", r.json().path("model").asText());
        assertEquals("{\"input_tokens\":11,\"output_tokens\":4}", r.json().path("usage").toString());
        JsonNode sent = upstream.received().getFirst().json();
        assertEquals("claude-up", sent.path("model").asText());
        assertEquals(99, sent.path("max_tokens").asInt());
        assertEquals("Be brief.", sent.path("system").asText());
        assertEquals("[\"END\"]", sent.path("stop_sequences").toString());
        assertEquals(0.1, sent.path("temperature").asDouble());
        assertEquals("u-1", sent.path("metadata").path("user_id").asText());
        assertEquals("image", sent.path("messages").get(0).path("content").get(1).path("type").asText());
    }

    @Test
    void anthropicInAnthropicOutStreamed() throws Exception {
        upstream.behave(FakeAnthropic.streaming(List.of("Hel", "lo"), "stop_sequence"));
        List<Event> events = events(messages("dev-token", body("claude-3", true, "hi")));
        assertEquals("Hello", text(events));
        JsonNode delta = events.get(events.size() - 2).data();
        assertEquals("message_delta", delta.path("type").asText());
        assertEquals("end_turn", delta.path("delta").path("stop_reason").asText());
        assertEquals("{\"input_tokens\":9,\"output_tokens\":2}", delta.path("usage").toString());
        assertEquals("message_stop", events.getLast().name());
    }

    @Test
    void aStreamThatFailsEndsWithAnErrorEvent() throws Exception {
        upstream.behave((ex, body) -> {
            FakeAnthropic.textDelta(FakeAnthropic.startStream(ex), "partial ");
            FakeUpstream.sleep(5_000);
        });
        List<Event> events = events(messages("dev-token", body("claude-3", true, "hi")));
        assertEquals("partial ", text(events));
        Event last = events.getLast();
        assertEquals("error", last.name());
        assertEquals("error", last.data().path("type").asText());
        assertEquals("api_error", last.data().path("error").path("type").asText());
        assertEquals("upstream_timeout", last.data().path("error").path("code").asText());
        assertTrue(events.stream().noneMatch(e -> e.name().equals("message_stop")));
    }

    @Test
    void rejectsComeInAnthropicsErrorShape() {
        assertError(messages(null, body("stub", false, "hi")), 401, "authentication_error", "missing_token");
        assertError(messages("dev-token", "{\"model\":\"stub\"," + AnthropicRequestDecoderTest.MSG + "}"), 400, "invalid_request_error", "missing_max_tokens");
        Reply unknown = messages("dev-token", body("claude-9", false, "hi"));
        assertError(unknown, 404, "not_found_error", "model_not_found");
        assertTrue(unknown.json().path("error").path("message").asText().contains("claude-9"));
        assertError(messages("dev-token", "{\"model\":\"stub\",\"max_tokens\":5,\"tools\":[]," + AnthropicRequestDecoderTest.MSG + "}"),
                400, "invalid_request_error", "unsupported_parameter");
        assertError(gw.post("/v1/messages", "dev-token", "text/plain", body("stub", false, "hi"), Map.of()), 415, "invalid_request_error", "unsupported_media_type");
    }

    @Test
    void theRequestGuardBlocksSecretsHereToo() {
        Reply r = messages("dev-token", body("claude-3", false, "deploy with key AKIAIOSFODNN7EXAMPLE please"));
        assertError(r, 400, "invalid_request_error", "content_blocked");
        assertFalse(r.body().contains("AKIAIOSFODNN7EXAMPLE"));
        assertTrue(upstream.received().isEmpty(), "the upstream never saw it");
    }

    static void assertError(Reply r, int status, String type, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals("error", r.json().path("type").asText(), r.body());
        assertEquals(type, r.json().path("error").path("type").asText(), r.body());
        assertEquals(code, r.json().path("error").path("code").asText(), r.body());
        assertFalse(r.json().path("error").path("message").asText().isBlank());
    }
}
