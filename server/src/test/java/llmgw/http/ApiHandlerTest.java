package llmgw.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import llmgw.api.openai.OpenAiChatCodec;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Pipeline;
import llmgw.pipeline.Stage;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The handler alone on a bare server, with a pipeline a test controls. */
class ApiHandlerTest {
    @Test
    void aStreamedAnswerEndsOnlyOnceTheCompletionHooksHaveRun() throws Exception {
        CountDownLatch clientHasTheEnd = new CountDownLatch(1);
        CountDownLatch hookDone = new CountDownLatch(1);
        AtomicBoolean endedBeforeTheHooks = new AtomicBoolean();
        Stage streaming = new Stage() {
            @Override
            public Outcome onRequest(Exchange ex) {
                ex.request(new ChatRequest("m", List.of(), null, true, false, null, null));
                ex.stream(stream(List.of("one", " two"), new AtomicBoolean()));
                return Outcome.NEXT;
            }

            @Override
            public void onComplete(Exchange ex) {
                // The audit hook's place: the client must not have the whole answer before it has run.
                try {
                    endedBeforeTheHooks.set(clientHasTheEnd.await(1, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hookDone.countDown();
                }
            }
        };
        Javalin app = serve(new Pipeline(List.of(streaming)));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> r = client.send(post(app, TestGateway.chatBody("m", "hi")), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            clientHasTheEnd.countDown();
            assertTrue(hookDone.await(5, TimeUnit.SECONDS), "the completion hook ran");
            assertTrue(body.contains("one") && body.endsWith("data: [DONE]\n\n"), body);
            assertFalse(endedBeforeTheHooks.get(), "the client had the end of the stream before the completion hooks ran");
        } finally {
            app.stop();
        }
    }

    /** A stream of these pieces; closing it sets {@code closed}. */
    private static ChatStream stream(List<String> pieces, AtomicBoolean closed) {
        Iterator<String> next = pieces.iterator();
        return new ChatStream() {
            @Override
            public StreamChunk next() {
                return next.hasNext() ? StreamChunk.text(next.next()) : null;
            }

            @Override
            public Usage usage() {
                return Usage.NONE;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    private static Javalin serve(Pipeline pipeline) {
        ApiHandler handler = new ApiHandler(pipeline, new OpenAiChatCodec(), 1 << 20, new InFlight(10, 1 << 24, 1 << 20));
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.post("/v1/chat/completions", handler);
        }).start("127.0.0.1", 0);
    }

    private static HttpRequest post(Javalin app, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void anErrorInThePipelineIsA500NotAnEmptyAnswer() throws Exception {
        AtomicBoolean streamClosed = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger recordedStatus = new java.util.concurrent.atomic.AtomicInteger();
        Stage recorder = new Stage() {
            @Override
            public Outcome onRequest(Exchange ex) {
                return Outcome.NEXT;
            }

            @Override
            public void onComplete(Exchange ex) {
                recordedStatus.set(ex.status()); // what the audit hook would write
            }
        };
        Stage broken = ex -> {
            ex.stream(stream(List.of(), streamClosed)); // a stream the provider opened before the bug
            throw new AssertionError("a bug that is not an exception");
        };
        Javalin app = serve(new Pipeline(List.of(recorder, broken)));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(post(app, TestGateway.chatBody("stub", "hi")), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode(), r.body());
            assertTrue(!r.body().contains("AssertionError"), "no internals to the client: " + r.body());
            assertEquals(500, recordedStatus.get(), "the completion hooks see the 500");
            assertTrue(streamClosed.get(), "the opened stream is closed, its upstream call and slot freed");
        } finally {
            app.stop();
        }
    }

    @Test
    void anErrorMidStreamIsNotAnsweredAsACleanEnd() throws Exception {
        java.util.concurrent.atomic.AtomicInteger recordedStatus = new java.util.concurrent.atomic.AtomicInteger();
        Stage streaming = new Stage() {
            @Override
            public Outcome onRequest(Exchange ex) {
                ex.request(new ChatRequest("m", List.of(), null, true, false, null, null));
                Iterator<String> pieces = List.of("one").iterator();
                ex.stream(new ChatStream() {
                    @Override
                    public StreamChunk next() {
                        if (pieces.hasNext()) return StreamChunk.text(pieces.next());
                        throw new AssertionError("a bug that is not an exception");
                    }

                    @Override
                    public Usage usage() {
                        return Usage.NONE;
                    }

                    @Override
                    public void close() {}
                });
                return Outcome.NEXT;
            }

            @Override
            public void onComplete(Exchange ex) {
                recordedStatus.set(ex.status());
            }
        };
        Javalin app = serve(new Pipeline(List.of(streaming)));
        try (HttpClient client = HttpClient.newHttpClient()) {
            String body = "";
            try {
                HttpResponse<InputStream> r = client.send(post(app, TestGateway.chatBody("m", "hi")), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (java.io.IOException cutShort) {
                // the connection was cut: also not a clean end
            }
            assertFalse(body.endsWith("data: [DONE]\n\n"), "a stream cut short by a bug must not end cleanly: " + body);
            assertEquals(500, recordedStatus.get(), "the completion hooks see the 500");
        } finally {
            app.stop();
        }
    }
}
