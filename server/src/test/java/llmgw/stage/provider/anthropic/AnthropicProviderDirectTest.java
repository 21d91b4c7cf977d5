package llmgw.stage.provider.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.config.GatewayConfig;
import llmgw.stage.provider.ProviderConfig;
import llmgw.testing.FakeAnthropic;
import llmgw.testing.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The anthropic provider called directly: stream failures, cancellation, the model list, its config. */
class AnthropicProviderDirectTest {
    FakeAnthropic upstream;
    AnthropicProvider provider;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeAnthropic();
        provider = new AnthropicProvider(ProviderConfig.of("anthropic", upstream.baseUrl() + "/", null,
                Duration.ofSeconds(1), Duration.ofMillis(700)), "sk-ant-direct");
    }

    @AfterEach
    void stop() {
        provider.close();
        upstream.close();
    }

    static llmgw.chat.ChatRequest hi() {
        return AnthropicRequestsTest.openAi("{\"model\":\"c\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void closingTheStreamCancelsTheUpstreamCall() throws Exception {
        upstream.behave(upstream.endlessStream());
        ChatStream stream = provider.stream(hi(), "claude-up");
        assertEquals("tick ", stream.next().content());
        stream.close();
        assertTrue(upstream.streamAborted.await(20, TimeUnit.SECONDS), "the upstream saw its reader go away");
    }

    @Test
    void silenceInsideTheStreamIsBoundedByTheReadTimeout() throws Exception {
        upstream.behave((ex, body) -> {
            FakeAnthropic.textDelta(FakeAnthropic.startStream(ex), "partial ");
            FakeUpstream.sleep(5_000);
        });
        try (ChatStream stream = provider.stream(hi(), "claude-up")) {
            assertEquals("partial ", stream.next().content());
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(504, e.error().status());
            assertEquals("upstream_timeout", e.error().code());
        }
    }

    @Test
    void anErrorEventEndsTheStreamWith502() throws Exception {
        upstream.behave((ex, body) -> {
            var out = FakeAnthropic.startStream(ex);
            FakeAnthropic.textDelta(out, "half");
            FakeAnthropic.event(out, "error", FakeAnthropic.error("overloaded_error", "Overloaded"));
            out.close();
        });
        try (ChatStream stream = provider.stream(hi(), "claude-up")) {
            assertEquals("half", stream.next().content());
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(502, e.error().status());
            assertTrue(e.error().message().contains("overloaded_error"), e.error().message());
        }
    }

    @Test
    void anUpstreamThatHangsUpEarlyEndsTheAnswerWithEstimatedUsage() throws Exception {
        upstream.behave((ex, body) -> {
            var out = FakeAnthropic.startStream(ex);
            FakeAnthropic.textDelta(out, "abcdefgh");
            FakeAnthropic.event(out, "ping", "{\"type\":\"ping\"}");
            out.close();
        });
        try (ChatStream stream = provider.stream(hi(), "claude-up")) {
            assertEquals("abcdefgh", stream.next().content());
            assertNull(stream.next());
            assertNull(stream.next());
            assertEquals(1, stream.usage().promptTokens());
            assertEquals(2, stream.usage().completionTokens());
        }
    }

    @Test
    void aRefusedStreamIsMappedLikeAWholeCall() {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 403, FakeAnthropic.error("permission_error", "no")));
        ProviderException e = assertThrows(ProviderException.class, () -> provider.stream(hi(), "claude-up"));
        assertEquals("upstream_auth_failed", e.error().code());
    }

    @Test
    void theStreamReadsStopReasonAndUsage() throws Exception {
        upstream.behave(FakeAnthropic.streaming(List.of("a", "b"), "tool_use"));
        try (ChatStream stream = provider.stream(hi(), "claude-up")) {
            assertEquals("a", stream.next().content());
            assertEquals("b", stream.next().content());
            StreamChunk last = stream.next();
            assertEquals("tool_calls", last.finishReason());
            assertNull(stream.next());
            assertEquals(9, stream.usage().promptTokens());
            assertEquals(2, stream.usage().completionTokens());
        }
        assertEquals("sk-ant-direct", upstream.received().getFirst().apiKey());
    }

    @Test
    void modelsListsTheUpstreamsIds() throws Exception {
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 200,
                "{\"data\":[{\"type\":\"model\",\"id\":\"claude-a\"},{\"type\":\"model\",\"id\":\"claude-b\"}],\"has_more\":false}"));
        assertEquals(List.of("claude-a", "claude-b"), provider.models());
        FakeAnthropic.Received sent = upstream.received().getFirst();
        assertEquals("/v1/models", sent.path());
        assertEquals("sk-ant-direct", sent.apiKey());
        assertEquals("2023-06-01", sent.version());

        upstream.behave((ex, body) -> FakeUpstream.json(ex, 401, FakeAnthropic.error("authentication_error", "bad key")));
        assertEquals("upstream_auth_failed", assertThrows(ProviderException.class, provider::models).error().code());
        upstream.behave((ex, body) -> FakeUpstream.json(ex, 200, "[]"));
        assertEquals("upstream_bad_response", assertThrows(ProviderException.class, provider::models).error().code());
    }

    @Test
    void configDefaultsToAnthropicsUrlAndKeyVariable() {
        GatewayConfig cfg = new ConfigLoader(Map.of()).parse("""
                providers:
                  claude: {type: anthropic}
                models:
                  - {name: claude-3, provider: claude}
                """);
        ProviderConfig p = cfg.providers().get("claude");
        assertEquals("https://api.anthropic.com", p.baseUrl());
        assertEquals("ANTHROPIC_API_KEY", p.apiKeyEnv());
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("""
                providers:
                  claude: {type: anthropic, base_url: "api.anthropic.com"}
                """));
        assertTrue(e.getMessage().contains("providers.claude.base_url"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. https://api.anthropic.com"), e.getMessage());
    }
}
