package llmgw.api.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import llmgw.api.Json;
import llmgw.chat.Completion;
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anthropic's answer and error shapes as the gateway writes them. */
class AnthropicResponseEncoderTest {

    @ParameterizedTest
    @CsvSource({"400, invalid_request_error", "405, invalid_request_error", "415, invalid_request_error",
            "401, authentication_error", "403, permission_error", "404, not_found_error", "413, request_too_large",
            "429, rate_limit_error", "500, api_error", "502, api_error", "504, api_error", "503, overloaded_error"})
    void errorTypesFollowTheStatus(int status, String type) throws Exception {
        JsonNode body = Json.MAPPER.readTree(AnthropicResponseEncoder.error(new GatewayError(status, "x", "some_code", "what happened", null)));
        assertEquals("error", body.path("type").asText());
        assertEquals(type, body.path("error").path("type").asText());
        assertEquals("what happened", body.path("error").path("message").asText());
        assertEquals("some_code", body.path("error").path("code").asText());
    }

    @Test
    void finishReasonsBecomeStopReasons() {
        assertEquals("end_turn", AnthropicResponseEncoder.stopReason("stop"));
        assertEquals("max_tokens", AnthropicResponseEncoder.stopReason("length"));
        assertEquals("tool_use", AnthropicResponseEncoder.stopReason("tool_calls"));
        assertEquals("tool_use", AnthropicResponseEncoder.stopReason("function_call"));
        assertEquals("refusal", AnthropicResponseEncoder.stopReason("content_filter"));
        assertNull(AnthropicResponseEncoder.stopReason(null));
    }

    @Test
    void aMessageHasAnthropicsFields() throws Exception {
        JsonNode m = Json.MAPPER.readTree(AnthropicResponseEncoder.message("chatcmpl-abc123", "claude-3",
                new Completion("up", List.of(new Completion.Choice(0, "Hi!", null, "length")), new Usage(7, 2))));
        assertEquals("msg_abc123", m.path("id").asText());
        assertEquals("message", m.path("type").asText());
        assertEquals("assistant", m.path("role").asText());
        assertEquals("claude-3", m.path("model").asText());
        assertEquals("[{\"type\":\"text\",\"text\":\"Hi!\"}]", m.path("content").toString());
        assertEquals("max_tokens", m.path("stop_reason").asText());
        assertTrue(m.path("stop_sequence").isNull());
        assertEquals("{\"input_tokens\":7,\"output_tokens\":2}", m.path("usage").toString());
    }

    @Test
    void anEmptyAnswerHasNoBlocksAndStillEnds() throws Exception {
        JsonNode m = Json.MAPPER.readTree(AnthropicResponseEncoder.message("chatcmpl-x", "c",
                new Completion("up", List.of(new Completion.Choice(0, null, null, null)), Usage.NONE)));
        assertEquals(0, m.path("content").size());
        assertEquals("end_turn", m.path("stop_reason").asText());
        JsonNode none = Json.MAPPER.readTree(AnthropicResponseEncoder.message("chatcmpl-x", "c", new Completion("up", List.of(), Usage.NONE)));
        assertEquals(0, none.path("content").size());
    }
}
