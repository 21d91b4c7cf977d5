package llmgw.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A small OpenAI-compatible server on 127.0.0.1 playing the upstream (chat completions, embeddings,
 * models): each test says how it should answer, and it records what it was sent and whether a
 * client hung up on a stream.
 */
public final class FakeUpstream implements AutoCloseable {
    /** How the fake answers one request. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange ex, String body) throws IOException;
    }

    public record Received(String path, String authorization, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counted down when a streamed answer fails to write because the reader went away. */
    public final CountDownLatch streamAborted = new CountDownLatch(1);
    private volatile Behaviour behaviour = FakeUpstream::defaultAnswer;

    public FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        for (String path : List.of("/v1/chat/completions", "/v1/embeddings", "/v1/models")) {
            server.createContext(path, ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"), body));
                try {
                    behaviour.answer(ex, body);
                } finally {
                    ex.close();
                }
            });
        }
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public void behave(Behaviour b) {
        this.behaviour = b;
    }

    public List<Received> received() {
        return received;
    }

    /**
     * Chat: "hi from upstream". Embeddings: each input's vector is [its length, 0.5], listed last input
     * first (clients must go by {@code index}), 2 tokens an input. Models: {@code gpt-up}.
     */
    public static void defaultAnswer(HttpExchange ex, String body) throws IOException {
        switch (ex.getRequestURI().getPath()) {
            case "/v1/embeddings" -> {
                var input = llmgw.api.Json.MAPPER.readTree(body).path("input");
                StringBuilder data = new StringBuilder();
                for (int i = input.size() - 1; i >= 0; i--) {
                    if (!data.isEmpty()) data.append(',');
                    data.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[")
                            .append(input.get(i).asText().length()).append(",0.5]}");
                }
                json(ex, 200, "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"emb-up\",\"usage\":{\"prompt_tokens\":"
                        + 2 * input.size() + ",\"total_tokens\":" + 2 * input.size() + "}}");
            }
            case "/v1/models" -> json(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-up\",\"object\":\"model\",\"owned_by\":\"x\"}]}");
            default -> json(ex, 200, completion("hi from upstream"));
        }
    }

    public static String completion(String text) {
        return "{\"id\":\"up-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-up\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}";
    }

    public static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Streams the pieces as OpenAI chunks, then usage and [DONE]. */
    public static Behaviour streaming(List<String> pieces, long pauseMillis) {
        return (ex, body) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
            for (String p : pieces) {
                sleep(pauseMillis);
                event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":" + llmgw.api.Json.MAPPER.writeValueAsString(p) + "},\"finish_reason\":null}]}");
            }
            event(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            event(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + pieces.size() + ",\"total_tokens\":" + (5 + pieces.size()) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        };
    }

    /** Streams chunks forever (bounded at 10 minutes) until the reader hangs up. */
    public Behaviour endlessStream() {
        return (ex, body) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            long end = System.currentTimeMillis() + 600_000;
            try {
                while (System.currentTimeMillis() < end) {
                    event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}");
                    sleep(20);
                }
            } catch (IOException e) {
                streamAborted.countDown();
            }
        };
    }

    public static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
