package llmgw.api.openai;

import static org.junit.jupiter.api.Assertions.*;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged, pointed at the gateway. */
class OpenAiClientCompatibilityTest {
    static TestGateway gw;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        gw = TestGateway.dev();
        client = OpenAIOkHttpClient.builder().baseUrl(gw.url() + "/v1").apiKey("dev-token").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gw.close();
    }

    static ChatCompletionCreateParams params(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
    }

    @Test
    void nonStreamCompletion() {
        ChatCompletion c = client.chat().completions().create(params("stub", "hello sdk"));
        assertEquals("stub", c.model());
        assertTrue(c.choices().getFirst().message().content().orElseThrow().endsWith("You said: hello sdk"));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().getFirst().finishReason());
        assertTrue(c.usage().orElseThrow().totalTokens() > 0);
    }

    @Test
    void streamingCompletion() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params("stub", "stream to the sdk"))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertEquals("Hello from the llmgw stub model. You said: stream to the sdk", text.toString());
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        NotFoundException notFound = assertThrows(NotFoundException.class, () -> client.chat().completions().create(params("no-such-model", "x")));
        assertTrue(notFound.getMessage().contains("no-such-model"));
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(gw.url() + "/v1").apiKey("wrong").maxRetries(0).build();
        try {
            assertThrows(UnauthorizedException.class, () -> wrongKey.chat().completions().create(params("stub", "x")));
        } finally {
            wrongKey.close();
        }
    }

    @Test
    void legacyTextCompletions() {
        Completion c = client.completions().create(CompletionCreateParams.builder().model("stub").prompt("old style").maxTokens(100).build());
        assertEquals("Hello from the llmgw stub model. You said: old style", c.choices().getFirst().text());
        assertEquals(CompletionChoice.FinishReason.STOP, c.choices().getFirst().finishReason());
        StringBuilder text = new StringBuilder();
        try (StreamResponse<Completion> stream = client.completions().createStreaming(
                CompletionCreateParams.builder().model("stub").prompt("streamed old style").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(ch -> text.append(ch.text())));
        }
        assertEquals("Hello from the llmgw stub model. You said: streamed old style", text.toString());
    }
}
