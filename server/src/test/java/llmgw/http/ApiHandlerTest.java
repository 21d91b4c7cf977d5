package llmgw.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import llmgw.api.openai.OpenAiChatCodec;
import llmgw.pipeline.Pipeline;
import llmgw.pipeline.Stage;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The handler alone on a bare server, with a pipeline a test controls. */
class ApiHandlerTest {
    @Test
    void anErrorInThePipelineIsA500NotAnEmptyAnswer() throws Exception {
        Stage broken = ex -> {
            throw new AssertionError("a bug that is not an exception");
        };
        ApiHandler handler = new ApiHandler(new Pipeline(List.of(broken)), new OpenAiChatCodec(), 1 << 20, new InFlight(10, 1 << 24, 1 << 20));
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.post("/v1/chat/completions", handler);
        }).start("127.0.0.1", 0);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(TestGateway.chatBody("stub", "hi"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode(), r.body());
            assertTrue(!r.body().contains("AssertionError"), "no internals to the client: " + r.body());
        } finally {
            app.stop();
        }
    }
}
