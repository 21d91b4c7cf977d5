package llmgw.stage.provider.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import llmgw.testing.FakeAnthropic;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI clients served by the anthropic provider, against a fake Anthropic upstream on 127.0.0.1. */
class AnthropicProviderTest {
    FakeAnthropic upstream;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeAnthropic();
        gw = TestGateway.start("""
                providers:
                  claude: {type: anthropic, base_url: %s, api_key_env: CLAUDE_KEY, connect_timeout: 1s, read_timeout: 2s}
                models:
                  - {name: claude-3, provider: claude, upstream_model: claude-up}
                """.formatted(upstream.baseUrl()), Map.of("CLAUDE_KEY", "sk-ant-secret"));
    }

    @AfterEach
    void stop() {
        gw.close();
        upstream.close();
    }

    @Test
    void wholeAnswerIsTranslatedBothWays() throws Exception {
        Reply r = gw.chat("dev-token", """
                {"model": "claude-3", "max_tokens": 50, "stop": ["END"], "messages": [
                  {"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}, {"role": "user", "content": "there"}]}
                """);
        assertEquals(200, r.status(), r.body());
        JsonNode choice = r.json().path("choices").get(0);
        assertEquals("hi from claude", choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        assertEquals(11, r.json().path("usage").path("prompt_tokens").asInt());
        assertEquals(4, r.json().path("usage").path("completion_tokens").asInt());
        assertEquals("claude-3", r.json().path("model").asText());

        FakeAnthropic.Received sent = upstream.received().getFirst();
        assertEquals("/v1/messages", sent.path());
        assertEquals("sk-ant-secret", sent.apiKey());
        assertEquals("2023-06-01", sent.version());
        JsonNode body = sent.json();
        assertEquals("claude-up", body.path("model").asText());
        assertEquals(50, body.path("max_tokens").asInt());
        assertEquals("Be brief.", body.path("system").asText());
        assertEquals(1, body.path("messages").size());
        assertEquals(2, body.path("messages").get(0).path("content").size());
        assertEquals("[\"END\"]", body.path("stop_sequences").toString());
        assertFalse(r.body().contains("sk-ant-secret"));
    }

    @Test
    void streamIsTranslatedWithStopReasonAndUsage() {
        upstream.behave(FakeAnthropic.streaming(List.of("Hel", "lo", " world"), "max_tokens"));
        Reply r = gw.chat("dev-token", "{\"model\":\"claude-3\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("Hello world", r.streamedText());
        List<JsonNode> events = r.events();
        assertEquals("length", events.get(events.size() - 2).path("choices").get(0).path("finish_reason").asText());
        assertEquals(9, events.getLast().path("usage").path("prompt_tokens").asInt());
        assertEquals(3, events.getLast().path("usage").path("completion_tokens").asInt());
        assertTrue(r.body().endsWith("data: [DONE]\n\n"));
        assertTrue(upstream.received().getFirst().json().path("stream").asBoolean());
        assertEquals(3, gw.auditRows().getFirst().completionTokens());
    }

    @Test
    void unsupportedFieldsAreRefusedBeforeTheUpstreamIsCalled() {
        Reply r = gw.chat("dev-token", "{\"model\":\"claude-3\",\"tools\":[],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(400, r.status());
        assertEquals("unsupported_parameter", r.errorCode());
        assertEquals("tools", r.json().path("error").path("param").asText());
        assertTrue(upstream.received().isEmpty());
    }

    @Test
    void upstreamAuthFailureBecomes502() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 401, FakeAnthropic.error("authentication_error", "invalid x-api-key sk-ant-secret")));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("claude-3", "hi"));
        assertEquals(502, r.status());
        assertEquals("upstream_auth_failed", r.errorCode());
        assertFalse(r.body().contains("sk-ant"));
    }

    @Test
    void upstreamRateLimitAndClientErrorsPassThrough() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 429, FakeAnthropic.error("rate_limit_error", "Number of requests has exceeded your rate limit")));
        Reply limited = gw.chat("dev-token", TestGateway.chatBody("claude-3", "hi"));
        assertEquals(429, limited.status());
        assertEquals("upstream: Number of requests has exceeded your rate limit", limited.json().path("error").path("message").asText());
        assertEquals("rate_limit_error", limited.json().path("error").path("type").asText());

        upstream.behave((ex, body) -> FakeUpstream.json(ex, 400, FakeAnthropic.error("invalid_request_error", "messages: roles must alternate")));
        Reply bad = gw.chat("dev-token", TestGateway.chatBody("claude-3", "hi"));
        assertEquals(400, bad.status());
        assertEquals("upstream_400", bad.errorCode());
        assertEquals("upstream: messages: roles must alternate", bad.json().path("error").path("message").asText());
    }

    @Test
    void upstream5xxAndOverloadBecome502() {
        for (int status : new int[] {500, 529}) {
            upstream.behave((ex, body) -> FakeUpstream.json(ex, status, FakeAnthropic.error("api_error", "boom with internals")));
            Reply r = gw.chat("dev-token", TestGateway.chatBody("claude-3", "hi"));
            assertEquals(502, r.status());
            assertEquals("upstream_error", r.errorCode());
            assertFalse(r.body().contains("internals"));
        }
    }

    @Test
    void aBodyThatIsNoMessageIs502() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 200, FakeUpstream.completion("openai-shaped")));
        Reply r = gw.chat("dev-token", TestGateway.chatBody("claude-3", "hi"));
        assertEquals(502, r.status());
        assertEquals("upstream_bad_response", r.errorCode());
    }

    @Test
    void slowUpstreamTimesOutWith504() {
        upstream.behave((ex, body) -> {
            FakeUpstream.sleep(4_000);
            FakeUpstream.json(ex, 200, FakeAnthropic.message("too late", "end_turn"));
        });
        long start = System.nanoTime();
        Reply r = gw.chat("dev-token", TestGateway.chatBody("claude-3", "hi"));
        assertEquals(504, r.status());
        assertEquals("upstream_timeout", r.errorCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3_900, "gave up at the read timeout");
    }
}
