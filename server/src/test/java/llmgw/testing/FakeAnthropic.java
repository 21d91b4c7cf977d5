package llmgw.testing;

import com.fasterxml.jackson.databind.JsonNode;
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
import llmgw.api.Json;

/**
 * A small Anthropic Messages server on 127.0.0.1 playing the upstream ({@code /v1/messages},
 * {@code /v1/models}): each test says how it should answer, and it records what it was sent, with
 * the {@code x-api-key} and {@code anthropic-version} headers, and whether a reader hung up on a stream.
 */
public final class FakeAnthropic implements AutoCloseable {
    public record Received(String path, String apiKey, String version, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counted down when a streamed answer fails to write because the reader went away. */
    public final CountDownLatch streamAborted = new CountDownLatch(1);
    private volatile FakeUpstream.Behaviour behaviour = (ex, body) -> FakeUpstream.json(ex, 200, message("hi from claude", "end_turn"));

    public FakeAnthropic() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        for (String path : List.of("/v1/messages", "/v1/models")) {
            server.createContext(path, ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("x-api-key"),
                        ex.getRequestHeaders().getFirst("anthropic-version"), body));
                try {
                    behaviour.answer(ex, body);
                } finally {
                    ex.close();
                }
            });
        }
        server.start();
    }

    /** The base URL as configured for an {@code anthropic} provider: without {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void behave(FakeUpstream.Behaviour b) {
        this.behaviour = b;
    }

    public List<Received> received() {
        return received;
    }

    public static String message(String text, String stopReason) {
        return "{\"id\":\"msg_up1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-up\","
                + "\"content\":[{\"type\":\"text\",\"text\":" + quote(text) + "}],"
                + "\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":4}}";
    }

    public static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + quote(message) + "}}";
    }

    /** Streams the pieces as Anthropic's events, from message_start to message_stop, with pings between. */
    public static FakeUpstream.Behaviour streaming(List<String> pieces, String stopReason) {
        return (ex, body) -> {
            OutputStream out = startStream(ex);
            event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_up2\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-up\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}");
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            event(out, "ping", "{\"type\":\"ping\"}");
            for (String p : pieces) textDelta(out, p);
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                    + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + pieces.size() + "}}");
            event(out, "message_stop", "{\"type\":\"message_stop\"}");
            out.close();
        };
    }

    /** Streams text deltas forever (bounded at 10 minutes) until the reader hangs up. */
    public FakeUpstream.Behaviour endlessStream() {
        return (ex, body) -> {
            OutputStream out = startStream(ex);
            long end = System.currentTimeMillis() + 600_000;
            try {
                while (System.currentTimeMillis() < end) {
                    textDelta(out, "tick ");
                    FakeUpstream.sleep(20);
                }
            } catch (IOException e) {
                streamAborted.countDown();
            }
        };
    }

    public static OutputStream startStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    public static void textDelta(OutputStream out, String text) throws IOException {
        event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(text) + "}}");
    }

    public static void event(OutputStream out, String name, String json) throws IOException {
        out.write(("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String quote(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
