package llmgw.stage.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The response guard: answers never carry PII or secrets, however the upstream splits them. */
class ResponseGuardTest {
    static FakeUpstream upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeUpstream();
        // PII in prompts only alerts here, so the stub's echo brings it back for the response guard to catch.
        gw = TestGateway.withUpstream(upstream, "guard:\n  actions: {pii: alert}\n");
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    static String stream(List<String> pieces) {
        upstream.behave(FakeUpstream.streaming(pieces, 0));
        Reply r = gw.chat("dev-token", "{\"model\":\"up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
        assertEquals(200, r.status());
        assertTrue(r.body().endsWith("data: [DONE]\n\n"));
        return r.streamedText();
    }

    @Test
    void wholeAnswersAreRedacted() {
        Reply r = gw.chat("dev-token", TestGateway.chatBody("stub", "my card is 4111 1111 1111 1111 and mail a.b@example.com"));
        String answer = r.json().path("choices").get(0).path("message").path("content").asText();
        assertFalse(answer.contains("4111"), answer);
        assertFalse(answer.contains("a.b@example.com"), answer);
        assertTrue(answer.contains("<CREDIT_CARD_1>") && answer.contains("<EMAIL_1>"), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "ghp_0123456789abcdefABCDEF0123456789abcd", "jane.doe@example.com",
            "4111-1111-1111-1111", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789", "078-05-1120"})
    void aValueSplitAtEveryPositionNeverReachesTheClient(String secret) {
        for (int cut = 1; cut < secret.length(); cut++) {
            String text = stream(List.of("Here it is: " + secret.substring(0, cut), secret.substring(cut) + " done."));
            assertFalse(text.contains(secret), "cut at " + cut + ": " + text);
            assertTrue(text.startsWith("Here it is: <"), text);
            assertTrue(text.endsWith("> done."), text);
        }
    }

    @Test
    void aValueSentOneCharacterAtATimeIsStillCaught() {
        String secret = "xoxb-123456789012-abcdefghijABCDEFGHIJ";
        List<String> pieces = new ArrayList<>();
        pieces.add("token ");
        for (char c : secret.toCharArray()) pieces.add(String.valueOf(c));
        pieces.add(" end");
        String text = stream(pieces);
        assertEquals("token <SLACK_TOKEN_1> end", text);
    }

    @Test
    void aPrivateKeyBlockAcrossManyChunksIsCaught() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdef\nQWERTYUIOPasdfghjkl\n-----END RSA PRIVATE KEY-----";
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < pem.length(); i += 7) pieces.add(pem.substring(i, Math.min(pem.length(), i + 7)));
        pieces.add(" ok");
        String text = stream(pieces);
        assertFalse(text.contains("MIIEow"), text);
        assertFalse(text.contains("BEGIN RSA"), text);
        assertTrue(text.endsWith("ok"));
    }

    @Test
    void aSecretCutShortByAFailedStreamIsNotReleased() {
        upstream.behave((ex, body) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            var out = ex.getResponseBody();
            FakeUpstream.event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Your token is ghp_0123456789abcdefABCD\"},\"finish_reason\":null}]}");
            FakeUpstream.event(out, "{\"error\":{\"message\":\"overloaded\"}}");
            out.close();
        });
        Reply r = gw.chat("dev-token", "{\"model\":\"up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
        assertFalse(r.body().contains("ghp_"), "the start of a token, which no rule matches once cut short: " + r.body());
        assertTrue(r.body().contains("\"error\""), "the error still reaches the client: " + r.body());
    }

    @Test
    void cleanTextStreamsThrough() {
        assertEquals("Hello there, nothing sensitive here.", stream(List.of("Hello ", "there, ", "nothing ", "sensitive ", "here.")));
    }
}
