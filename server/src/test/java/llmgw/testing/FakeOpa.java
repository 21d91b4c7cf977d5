package llmgw.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import llmgw.api.Json;

/**
 * A small stand-in for Open Policy Agent's Data API on 127.0.0.1. {@code POST /v1/data/<path>} answers
 * {@code {"result": ...}} with what the test's policy function computes from {@code input}; like OPA, a
 * function returning null (an undefined document) or an unknown path answer 200 {@code {}}, and a body
 * that is not JSON gets 400. {@code GET /health} answers 200 {@code {}}. It can be switched at runtime to
 * answer garbage, hang, or answer with another status.
 */
public final class FakeOpa implements AutoCloseable {
    private enum Mode { NORMAL, GARBAGE, HANG, STATUS }

    private final HttpServer server;
    private final String path;
    private final Function<JsonNode, JsonNode> policy;
    private final List<JsonNode> inputs = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;
    private volatile Duration hang = Duration.ZERO;
    private volatile int status = 200;

    /** Serves {@code llmgw/authz}, the path the gateway asks by default. */
    public FakeOpa(Function<JsonNode, JsonNode> policy) throws IOException {
        this("llmgw/authz", policy);
    }

    /**
     * @param path the policy path it serves, e.g. {@code llmgw/authz}
     * @param policy computes {@code result} from {@code input}; null for an undefined document
     */
    public FakeOpa(String path, Function<JsonNode, JsonNode> policy) throws IOException {
        this.path = path;
        this.policy = policy;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try {
                handle(ex);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Back to answering with the policy function. */
    public void normal() {
        mode = Mode.NORMAL;
    }

    /** Answers 200 with a body that is not JSON. */
    public void garbage() {
        mode = Mode.GARBAGE;
    }

    /** Sleeps this long before answering normally. */
    public void hang(Duration d) {
        hang = d;
        mode = Mode.HANG;
    }

    /** Answers every data request with this status and an OPA-style error body. */
    public void status(int code) {
        status = code;
        mode = Mode.STATUS;
    }

    /** The {@code input} documents of the data requests received, in order. */
    public List<JsonNode> inputs() {
        return inputs;
    }

    /** Data requests received (health checks not counted). */
    public int requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String uriPath = ex.getRequestURI().getPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (uriPath.equals("/health") && ex.getRequestMethod().equals("GET")) {
            FakeUpstream.json(ex, 200, "{}");
            return;
        }
        if (!uriPath.startsWith("/v1/data") || !ex.getRequestMethod().equals("POST")) {
            FakeUpstream.json(ex, 404, error("resource_not_found", "not found"));
            return;
        }
        requests.incrementAndGet();
        switch (mode) {
            case GARBAGE -> FakeUpstream.json(ex, 200, "not json");
            case STATUS -> FakeUpstream.json(ex, status, error("internal_error", "fake OPA told to answer " + status));
            case HANG -> {
                FakeUpstream.sleep(hang.toMillis());
                answer(ex, uriPath, body);
            }
            case NORMAL -> answer(ex, uriPath, body);
        }
    }

    private void answer(HttpExchange ex, String uriPath, byte[] body) throws IOException {
        JsonNode input;
        try {
            JsonNode root = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            if (!root.isObject()) throw new IOException("body is not an object");
            input = root.get("input");
        } catch (IOException e) {
            FakeUpstream.json(ex, 400, error("invalid_parameter", "body contains malformed input document: " + e.getMessage()));
            return;
        }
        if (input != null) inputs.add(input);
        JsonNode result = uriPath.equals("/v1/data/" + path) ? policy.apply(input) : null;
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (result != null) answer.set("result", result);
        FakeUpstream.json(ex, 200, Json.MAPPER.writeValueAsString(answer));
    }

    private static String error(String code, String message) throws IOException {
        ObjectNode e = Json.MAPPER.createObjectNode().put("code", code).put("message", message);
        return Json.MAPPER.writeValueAsString(e);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
