package llmgw.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import llmgw.api.Json;

/**
 * A small server on 127.0.0.1 speaking Ollama's native API ({@code /api/chat}, {@code /api/embed},
 * {@code /api/embeddings}, {@code /api/tags}) as Ollama does, streaming NDJSON unless told
 * {@code stream:false}. Tests may replace the answer of any path; it records what it was sent.
 */
public final class FakeOllama implements AutoCloseable {
    public record Received(String method, String path, String authorization, JsonNode body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, FakeUpstream.Behaviour> overrides = new ConcurrentHashMap<>();
    /** Counted down when a streamed answer fails to write because the reader went away. */
    public final CountDownLatch streamAborted = new CountDownLatch(1);

    public FakeOllama() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            JsonNode json = body.isEmpty() ? null : Json.MAPPER.readTree(body);
            received.add(new Received(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"), json));
            try {
                FakeUpstream.Behaviour b = overrides.get(path);
                if (b != null) b.answer(ex, body);
                else answer(ex, path, json);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    /** The server root, as an {@code ollama} provider's {@code base_url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void on(String path, FakeUpstream.Behaviour b) {
        overrides.put(path, b);
    }

    public List<Received> received() {
        return received;
    }

    /** The last request to a path. */
    public Received last(String path) {
        return received.reversed().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError("nothing sent to " + path));
    }

    private void answer(HttpExchange ex, String path, JsonNode req) throws IOException {
        switch (path) {
            case "/api/chat" -> {
                if (req.path("stream").asBoolean(true)) {
                    streamPieces(ex, List.of("Hel", "lo", " from", " ollama"), "stop", 0);
                } else {
                    FakeUpstream.json(ex, 200, done(req.path("model").asText(), "hi from ollama", "stop", 11, 4));
                }
            }
            case "/api/embed" -> {
                ObjectNode root = Json.MAPPER.createObjectNode().put("model", req.path("model").asText());
                ArrayNode all = root.putArray("embeddings");
                for (JsonNode in : req.path("input")) all.addArray().add(in.asText().length()).add(0.5).add(-0.25);
                root.put("prompt_eval_count", 3 * req.path("input").size());
                FakeUpstream.json(ex, 200, root.toString());
            }
            case "/api/embeddings" -> FakeUpstream.json(ex, 200, "{\"embedding\":[" + req.path("prompt").asText().length() + ",1.5]}");
            case "/api/tags" -> FakeUpstream.json(ex, 200, """
                    {"models":[{"name":"llama3:8b","model":"llama3:8b","modified_at":"2025-01-01T00:00:00Z","size":4661224676,
                    "digest":"365c0bd3c000","details":{"format":"gguf","family":"llama"}},
                    {"name":"nomic-embed-text:latest","model":"nomic-embed-text:latest","size":274302450,"digest":"0a109f422b47","details":{}}]}""");
            default -> text(ex, 404, "404 page not found");
        }
    }

    /** A whole chat answer, or the last line of a stream when {@code content} is empty. */
    public static String done(String model, String content, String doneReason, int promptTokens, int evalTokens) {
        return "{\"model\":\"" + model + "\",\"created_at\":\"2025-01-01T00:00:00.123456Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                + Json.MAPPER.valueToTree(content) + "},\"done_reason\":\"" + doneReason + "\",\"done\":true,\"total_duration\":5191566416,"
                + "\"load_duration\":2154458,\"prompt_eval_count\":" + promptTokens + ",\"prompt_eval_duration\":383809000,\"eval_count\":"
                + evalTokens + ",\"eval_duration\":4799921000}";
    }

    /** Streams the pieces as NDJSON lines, then the done line with 9 prompt tokens and one eval token a piece. */
    public static void streamPieces(HttpExchange ex, List<String> pieces, String doneReason, long pauseMillis) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (String p : pieces) {
            FakeUpstream.sleep(pauseMillis);
            line(out, "{\"model\":\"m\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                    + Json.MAPPER.valueToTree(p) + "},\"done\":false}");
        }
        line(out, done("m", "", doneReason, 9, pieces.size()));
        out.close();
    }

    /** Streams pieces until the reader hangs up (bounded at 10 minutes). */
    public FakeUpstream.Behaviour endlessStream() {
        return (ex, body) -> {
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, 0);
            long end = System.currentTimeMillis() + 600_000;
            try {
                while (System.currentTimeMillis() < end) {
                    line(ex.getResponseBody(), "{\"message\":{\"role\":\"assistant\",\"content\":\"tick \"},\"done\":false}");
                    FakeUpstream.sleep(20);
                }
            } catch (IOException e) {
                streamAborted.countDown();
            }
        };
    }

    public static void line(OutputStream out, String json) throws IOException {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static void text(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
