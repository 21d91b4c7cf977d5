package llmgw.api.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import llmgw.chat.ChatRequest;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What /v1/messages accepts, what it refuses, and the internal request it makes. */
class AnthropicRequestDecoderTest {
    static final String MSG = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    static ChatRequest decode(String json) {
        return new AnthropicRequestDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFullRequestBecomesTheInternalForm() {
        ChatRequest r = decode("""
                {"model": "claude-3", "max_tokens": 64, "stream": true, "temperature": 0.5, "top_p": 0.8,
                 "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}, {"type": "text", "text": "No lists."}],
                 "stop_sequences": ["END"], "metadata": {"user_id": "u-7"},
                 "messages": [
                   {"role": "user", "content": [{"type": "text", "text": "look", "cache_control": {"type": "ephemeral"}},
                     {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]},
                   {"role": "assistant", "content": "a cat"},
                   {"role": "user", "content": "sure?"}]}
                """);
        assertEquals("claude-3", r.model());
        assertEquals(64, r.maxTokens());
        assertTrue(r.stream());
        assertNull(r.context());
        assertEquals(4, r.messages().size());
        assertEquals("system", r.messages().get(0).role());
        assertEquals("Be brief.\n\nNo lists.", r.messages().get(0).text());
        assertEquals("[{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
                + "\"data\":\"iVBORw0KGgo=\"}}]", r.messages().get(1).content().toString(), "text blocks keep only their text");
        assertEquals("assistant", r.messages().get(2).role());
        assertEquals("sure?", r.messages().get(3).text());
        assertEquals("{\"temperature\":0.5,\"top_p\":0.8,\"stop\":[\"END\"],\"user\":\"u-7\"}", r.params().toString());
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        ChatRequest r = decode("{\"model\":\"m\",\"max_tokens\":1,\"system\":null,\"stream\":null,\"temperature\":null,"
                + "\"stop_sequences\":[],\"metadata\":{\"user_id\":null}," + MSG + "}");
        assertFalse(r.stream());
        assertEquals(1, r.messages().size(), "no system message");
        assertTrue(r.params().isEmpty());
        assertEquals(1, decode("{\"model\":\"m\",\"max_tokens\":1,\"system\":\"\",\"metadata\":null," + MSG + "}").messages().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"model":                                                                  | invalid_json        |
            []                                                                         | invalid_json        |
            {"model":"m","max_tokens":5,"tools":[],MSG}                                | unsupported_parameter | tools
            {"model":"m","max_tokens":5,"top_k":5,MSG}                                 | unsupported_parameter | top_k
            {"max_tokens":5,MSG}                                                       | missing_model       | model
            {"model":"m",MSG}                                                          | missing_max_tokens  | max_tokens
            {"model":"m","max_tokens":0,MSG}                                           | missing_max_tokens  | max_tokens
            {"model":"m","max_tokens":1.5,MSG}                                         | missing_max_tokens  | max_tokens
            {"model":"m","max_tokens":"10",MSG}                                        | missing_max_tokens  | max_tokens
            {"model":"m","max_tokens":5,"system":7,MSG}                                | invalid_type        | system
            {"model":"m","max_tokens":5,"system":[{"type":"image"}],MSG}               | invalid_type        | system[0]
            {"model":"m","max_tokens":5}                                               | missing_messages    | messages
            {"model":"m","max_tokens":5,"messages":[]}                                 | missing_messages    | messages
            {"model":"m","max_tokens":5,"messages":["hi"]}                             | invalid_type        | messages[0]
            {"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]}  | invalid_role        | messages[0].role
            {"model":"m","max_tokens":5,"messages":[{"role":"user"}]}                  | invalid_type        | messages[0].content
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":3}]}      | invalid_type        | messages[0].content
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result"}]}]} | unsupported_parameter | messages[0].content[0].type
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text"}]}]} | invalid_type | messages[0].content[0]
            {"model":"m","max_tokens":5,"stream":"yes",MSG}                            | invalid_type        | stream
            {"model":"m","max_tokens":5,"temperature":"hot",MSG}                       | invalid_type        | temperature
            {"model":"m","max_tokens":5,"stop_sequences":"END",MSG}                    | invalid_type        | stop_sequences
            {"model":"m","max_tokens":5,"stop_sequences":[1],MSG}                      | invalid_type        | stop_sequences
            {"model":"m","max_tokens":5,"metadata":"x",MSG}                            | invalid_type        | metadata
            {"model":"m","max_tokens":5,"metadata":{"user_id":5},MSG}                  | invalid_type        | metadata.user_id
            """)
    void badInputIsA400NamingTheField(String body, String code, String param) {
        GatewayException e = assertThrows(GatewayException.class, () -> decode(body.replace("MSG", MSG)));
        GatewayError err = e.error();
        assertEquals(400, err.status());
        assertEquals(code, err.code());
        assertEquals(param, err.param());
    }

    @Test
    void jsonErrorsSayWhere() {
        GatewayException e = assertThrows(GatewayException.class, () -> decode("{\n  \"model\": }"));
        assertTrue(e.error().message().contains("line 2"), e.error().message());
    }
}
