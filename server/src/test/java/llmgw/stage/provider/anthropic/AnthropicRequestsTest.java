package llmgw.stage.provider.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import llmgw.api.Json;
import llmgw.api.openai.OpenAiRequestDecoder;
import llmgw.chat.ChatRequest;
import llmgw.chat.ProviderException;
import llmgw.pipeline.GatewayError;
import org.junit.jupiter.api.Test;

/** The translation of the internal (OpenAI-shaped) request into an Anthropic Messages body, and of answers back. */
class AnthropicRequestsTest {

    static ChatRequest openAi(String json) {
        return new OpenAiRequestDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode body(String json) throws Exception {
        return Json.MAPPER.readTree(AnthropicRequests.body(openAi(json), "claude-up", false));
    }

    @Test
    void systemIsHoistedRolesAreMergedAndMaxTokensDefaults() throws Exception {
        JsonNode b = body("""
                {"model": "claude-3", "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "one"},
                  {"role": "developer", "content": [{"type": "text", "text": "No lists."}]},
                  {"role": "user", "content": [{"type": "text", "text": "two"}, {"type": "text", "text": ""}]},
                  {"role": "assistant", "content": "ok", "refusal": null, "name": "bot"},
                  {"role": "assistant", "content": ""},
                  {"role": "user", "content": "three"}]}
                """);
        assertEquals("claude-up", b.path("model").asText());
        assertEquals(AnthropicRequests.DEFAULT_MAX_TOKENS, b.path("max_tokens").asInt());
        assertEquals("Be brief.\n\nNo lists.", b.path("system").asText());
        assertFalse(b.has("stream"));
        JsonNode m = b.path("messages");
        assertEquals(3, m.size(), m.toString());
        assertEquals("user", m.get(0).path("role").asText());
        assertEquals("[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"text\",\"text\":\"two\"}]", m.get(0).path("content").toString());
        assertEquals("assistant", m.get(1).path("role").asText());
        assertEquals("[{\"type\":\"text\",\"text\":\"ok\"}]", m.get(1).path("content").toString(), "empty messages and blocks are left out");
        assertEquals("three", m.get(2).path("content").get(0).path("text").asText());
    }

    @Test
    void paramsAreTranslated() throws Exception {
        JsonNode b = body("""
                {"model": "c", "max_completion_tokens": 300, "temperature": 0.3, "top_p": 0.9, "stop": "END", "user": "u-1",
                 "seed": null, "messages": [{"role": "user", "content": "hi"}]}
                """);
        assertEquals(300, b.path("max_tokens").asInt());
        assertEquals(0.3, b.path("temperature").asDouble());
        assertEquals(0.9, b.path("top_p").asDouble());
        assertEquals("[\"END\"]", b.path("stop_sequences").toString());
        assertEquals("u-1", b.path("metadata").path("user_id").asText());
        assertFalse(b.has("max_completion_tokens"));
        assertFalse(b.has("seed"), "null fields say nothing");
        assertFalse(b.has("stop"));
        assertFalse(b.has("user"));

        JsonNode stream = Json.MAPPER.readTree(AnthropicRequests.body(openAi(
                "{\"model\":\"c\",\"stop\":[\"a\",\"b\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "c", true));
        assertEquals("[\"a\",\"b\"]", stream.path("stop_sequences").toString());
        assertTrue(stream.path("stream").asBoolean());
    }

    @Test
    void anthropicImageBlocksPassAsTheyAre() throws Exception {
        String image = "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}";
        JsonNode b = body("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":[" + image + ",{\"type\":\"text\",\"text\":\"what is it?\"}]}]}");
        assertEquals(Json.MAPPER.readTree(image), b.path("messages").get(0).path("content").get(0));
    }

    @Test
    void whatHasNoAnthropicFormIsRefusedNamingTheField() {
        assertUnsupported("tools", "{\"model\":\"c\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertUnsupported("n", "{\"model\":\"c\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertUnsupported("messages[1].role", "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"42\"}]}");
        assertUnsupported("messages[0].tool_calls", "{\"model\":\"c\",\"messages\":[{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}");
        assertUnsupported("messages[0].content[0].type", "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}");
    }

    private static void assertUnsupported(String param, String json) {
        ProviderException e = assertThrows(ProviderException.class, () -> AnthropicRequests.body(openAi(json), "c", false));
        GatewayError err = e.error();
        assertEquals(400, err.status());
        assertEquals("unsupported_parameter", err.code());
        assertEquals(param, err.param());
        assertTrue(err.message().contains("anthropic"), err.message());
    }

    @Test
    void stopReasonsBecomeFinishReasons() {
        assertEquals("stop", AnthropicAnswers.finishReason("end_turn"));
        assertEquals("stop", AnthropicAnswers.finishReason("stop_sequence"));
        assertEquals("length", AnthropicAnswers.finishReason("max_tokens"));
        assertEquals("tool_calls", AnthropicAnswers.finishReason("tool_use"));
        assertEquals("content_filter", AnthropicAnswers.finishReason("refusal"));
        assertNull(AnthropicAnswers.finishReason(null));
    }

    @Test
    void answersJoinTextBlocksAndKeepUsage() throws Exception {
        ChatRequest req = openAi("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"12345678\"}]}");
        var c = AnthropicAnswers.completion(Json.MAPPER.readTree("""
                {"type": "message", "model": "claude-x", "stop_reason": "max_tokens",
                 "content": [{"type": "text", "text": "Hel"}, {"type": "thinking", "thinking": "hmm"}, {"type": "text", "text": "lo"}],
                 "usage": {"input_tokens": 12, "output_tokens": 5}}
                """), "c", req);
        assertEquals("claude-x", c.model());
        assertEquals("Hello", c.choices().getFirst().content());
        assertEquals("length", c.choices().getFirst().finishReason());
        assertEquals(12, c.usage().promptTokens());
        assertEquals(5, c.usage().completionTokens());

        var estimated = AnthropicAnswers.completion(Json.MAPPER.readTree(
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"abcd\"}],\"stop_reason\":\"end_turn\"}"), "c", req);
        assertEquals("c", estimated.model());
        assertEquals(2, estimated.usage().promptTokens(), "no usage sent: estimated");
        assertEquals(1, estimated.usage().completionTokens());
        assertThrows(IllegalArgumentException.class, () -> AnthropicAnswers.completion(Json.MAPPER.readTree("{\"choices\":[]}"), "c", req));
    }
}
