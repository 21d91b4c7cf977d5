package llmgw.bench;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;

/**
 * An OpenAI-compatible upstream built for benchmarks: a fixed small answer (or a short SSE stream),
 * an optional fixed delay, nothing else, so that what a measurement sees is the client and the gateway.
 */
final class BenchUpstream implements AutoCloseable {
    static final String ANSWER = "{\"id\":\"bench-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris. It has been the capital since 987.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":256,\"completion_tokens\":16,\"total_tokens\":272}}";
    private static final byte[] ANSWER_BYTES = ANSWER.getBytes(StandardCharsets.UTF_8);
    private static final String[] PIECES = {"The", " capital", " of", " France", " is", " Paris", "."};

    private final Javalin app;

    BenchUpstream(long delayMillis) {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.jetty.addConnector((server, http) -> {
                var connector = new org.eclipse.jetty.server.ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setAcceptQueueSize(1024); // bursts of new connections wait rather than being reset
                return connector;
            });
            c.routes.post("/v1/chat/completions", ctx -> {
                if (delayMillis > 0) Thread.sleep(delayMillis);
                // The body is read into one array of its length and the answer written with its length: Javalin's
                // ctx.body() and ctx.result() cost about 43 KB of garbage a call (growing buffers, an 8 KB copy
                // buffer), which made this JVM's own collector pause the direct calls as well.
                int length = ctx.req().getContentLength();
                byte[] body = length >= 0 ? ctx.req().getInputStream().readNBytes(length) : ctx.req().getInputStream().readAllBytes();
                if (!new String(body, StandardCharsets.ISO_8859_1).contains("\"stream\":true")) {
                    ctx.res().setContentType("application/json");
                    ctx.res().setContentLength(ANSWER_BYTES.length);
                    ctx.res().getOutputStream().write(ANSWER_BYTES);
                    return;
                }
                ctx.res().setContentType("text/event-stream");
                var out = ctx.res().getOutputStream();
                for (String p : PIECES) {
                    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + p + "\"},\"finish_reason\":null}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":256,\"completion_tokens\":7,\"total_tokens\":263}}\n\n"
                        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            });
        }).start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port() + "/v1";
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
