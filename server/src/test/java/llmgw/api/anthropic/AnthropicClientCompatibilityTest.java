package llmgw.api.anthropic;

import static org.junit.jupiter.api.Assertions.*;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import java.util.stream.Collectors;
import llmgw.testing.FakeAnthropic;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, unchanged, pointed at the gateway with the gateway's token as its API key. */
class AnthropicClientCompatibilityTest {
    static TestGateway gw;
    static AnthropicClient client;

    @BeforeAll
    static void start() {
        gw = TestGateway.dev();
        client = client("dev-token");
    }

    @AfterAll
    static void stop() {
        client.close();
        gw.close();
    }

    static AnthropicClient client(String apiKey) {
        return AnthropicOkHttpClient.builder().baseUrl(gw.url()).apiKey(apiKey).maxRetries(0).build();
    }

    static MessageCreateParams params(String model, String text) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("Be brief.").addUserMessage(text).build();
    }

    static String text(Message m) {
        return m.content().stream().flatMap(b -> b.text().stream()).map(TextBlock::text).collect(Collectors.joining());
    }

    @Test
    void createMessage() {
        Message m = client.messages().create(params("stub", "hello sdk"));
        assertEquals("stub", m.model().asString());
        assertTrue(m.id().startsWith("msg_"));
        assertEquals("Hello from the llmgw stub model. You said: hello sdk", text(m));
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
        assertTrue(m.usage().inputTokens() > 0);
        assertTrue(m.usage().outputTokens() > 0);
        assertEquals("/v1/messages", gw.auditRows().getLast().endpoint());
    }

    @Test
    void streamMessage() {
        MessageAccumulator acc = MessageAccumulator.create();
        StringBuilder deltas = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params("stub", "stream to the sdk"))) {
            stream.stream().peek(acc::accumulate).flatMap(e -> e.contentBlockDelta().stream())
                    .flatMap(d -> d.delta().text().stream()).forEach(t -> deltas.append(t.text()));
        }
        assertEquals("Hello from the llmgw stub model. You said: stream to the sdk", deltas.toString());
        Message whole = acc.message();
        assertEquals(deltas.toString(), text(whole));
        assertEquals(StopReason.END_TURN, whole.stopReason().orElseThrow());
        assertTrue(whole.usage().inputTokens() > 0);
        assertTrue(whole.usage().outputTokens() > 0);
        assertTrue(whole.content().stream().allMatch(ContentBlock::isText));
    }

    /**
     * This SDK version sends its API key as {@code Authorization: Bearer}; older ones and other Anthropic
     * clients use {@code x-api-key}, which the SDK still sends as it is when set as a header.
     */
    @Test
    void theTokenMayTravelInXApiKey() {
        AnthropicClient viaHeader = AnthropicOkHttpClient.builder().baseUrl(gw.url()).apiKey("not-the-token")
                .putHeader("X-Api-Key", "dev-token").maxRetries(0).build();
        try {
            assertTrue(text(viaHeader.messages().create(params("stub", "by header"))).endsWith("You said: by header"));
        } finally {
            viaHeader.close();
        }
    }

    /** The SDK against the fake upstream: the fake's answers are ones the SDK reads. */
    @Test
    void theFakeUpstreamAgreesWithTheSdk() throws Exception {
        try (FakeAnthropic fake = new FakeAnthropic()) {
            AnthropicClient direct = AnthropicOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("sk-ant-sdk").maxRetries(0).build();
            try {
                assertEquals("hi from claude", text(direct.messages().create(params("claude-up", "hi"))));
            } finally {
                direct.close();
            }
            assertEquals("/v1/messages", fake.received().getFirst().path());
        }
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        NotFoundException notFound = assertThrows(NotFoundException.class, () -> client.messages().create(params("no-such-model", "x")));
        assertEquals(ErrorType.NOT_FOUND_ERROR, notFound.type().orElseThrow());
        assertTrue(notFound.apiMessage().orElseThrow().contains("no-such-model"), notFound.getMessage());
        BadRequestException blocked = assertThrows(BadRequestException.class,
                () -> client.messages().create(params("stub", "deploy with key AKIAIOSFODNN7EXAMPLE please")));
        assertEquals(ErrorType.INVALID_REQUEST_ERROR, blocked.type().orElseThrow());
        AnthropicClient wrongKey = client("wrong");
        try {
            UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> wrongKey.messages().create(params("stub", "x")));
            assertEquals(ErrorType.AUTHENTICATION_ERROR, e.type().orElseThrow());
        } finally {
            wrongKey.close();
        }
    }
}
