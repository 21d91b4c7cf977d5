package llmgw.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import llmgw.Gateway;
import llmgw.api.Json;
import llmgw.config.ConfigLoader;
import llmgw.config.GatewayConfig;
import llmgw.config.ServerConfig;
import llmgw.stage.audit.AuditFilter;
import llmgw.stage.audit.AuditRecord;
import llmgw.stage.audit.AuditStore;

/** A real gateway on a free port of 127.0.0.1 with its own data dir, and an HTTP client for it. */
public final class TestGateway implements AutoCloseable {
    public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Gateway gateway;
    private final Path dataDir;

    private TestGateway(Gateway gateway, Path dataDir) {
        this.gateway = gateway;
        this.dataDir = dataDir;
    }

    /** Starts a gateway from YAML (may be empty: dev mode) with the given environment. */
    public static TestGateway start(String yaml, Map<String, String> env) {
        GatewayConfig cfg = yaml.isBlank() ? new ConfigLoader(env).defaults() : new ConfigLoader(env).parse(yaml);
        return start(cfg, env);
    }

    public static TestGateway start(GatewayConfig cfg, Map<String, String> env) {
        try {
            return start(cfg, env, Clock.systemUTC(), Files.createTempDirectory("llmgw-test"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a gateway on a given data dir (to restart on the state of an earlier one) with a given clock. */
    public static TestGateway start(String yaml, Map<String, String> env, Clock clock, Path dataDir) {
        return start(yaml.isBlank() ? new ConfigLoader(env).defaults() : new ConfigLoader(env).parse(yaml), env, clock, dataDir);
    }

    public static TestGateway start(GatewayConfig cfg, Map<String, String> env, Clock clock, Path dataDir) {
        ServerConfig s = cfg.server();
        cfg = cfg.withServer(s.withListen("127.0.0.1", 0))
                .withDataDir(dataDir.toString());
        return new TestGateway(Gateway.start(cfg, env, clock), dataDir);
    }

    /** A fresh temporary data dir. */
    public static Path newDataDir() {
        try {
            return Files.createTempDirectory("llmgw-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestGateway dev() {
        return start("", Map.of());
    }

    /**
     * A dev-mode gateway with two models, {@code stub} and {@code up} (an OpenAI-compatible provider at
     * {@code upstream}), no practical rate limit, and the given extra YAML.
     */
    public static TestGateway withUpstream(FakeUpstream upstream, String extraYaml) {
        return start("""
                providers:
                  up: {type: openai, base_url: %s}
                models:
                  - {name: stub, provider: stub}
                  - {name: up, provider: up}
                rate_limit: {requests_per_minute: 100000, burst: 100000}
                """.formatted(upstream.baseUrl()) + extraYaml, Map.of());
    }

    public static TestGateway withJwt(String extraYaml) {
        return start("auth:\n  jwt:\n    secret: ${JWT_SECRET}\n" + extraYaml, Map.of("JWT_SECRET", SECRET));
    }

    public Gateway gateway() {
        return gateway;
    }

    public String url() {
        return gateway.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    public static String token(String sub, String tenant, String role) {
        return token(SECRET, sub, tenant, role, Duration.ofHours(1));
    }

    public static String token(String secret, String sub, String tenant, String role, Duration ttl) {
        return token(secret, sub, tenant, role, null, ttl);
    }

    /** A token with a {@code tier} claim for policy rules. */
    public static String tieredToken(String sub, String tenant, String role, String tier) {
        return token(SECRET, sub, tenant, role, tier, Duration.ofHours(1));
    }

    private static String token(String secret, String sub, String tenant, String role, String tier, Duration ttl) {
        Instant now = Instant.now();
        var b = Jwts.builder().subject(sub).claim("tenant", tenant).claim("role", role);
        if (tier != null) b.claim("tier", tier);
        return b.issuedAt(Date.from(now)).expiration(Date.from(now.plus(ttl)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    public static String chatBody(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + Json.MAPPER.valueToTree(text) + "}]}";
    }

    public Reply chat(String token, String body) {
        return post("/v1/chat/completions", token, "application/json", body, Map.of());
    }

    public Reply post(String path, String token, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (token != null) b.header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        return send(b.build());
    }

    public Reply put(String path, String token, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    public Reply delete(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).DELETE();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    public Reply get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    public static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Audit rows written so far, oldest first (waits for the writer to catch up). */
    public List<AuditRecord> auditRows() {
        gateway.auditWriter().awaitWritten(Duration.ofSeconds(10));
        try (AuditStore store = AuditStore.openReadOnly(gateway.auditFile())) {
            return store.query(AuditFilter.ALL, 0, 100_000);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.stop();
    }

    /** An HTTP answer. */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) return e.getValue().getFirst();
            }
            return null;
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        /** The JSON payloads of a Server-Sent Events body, without the final [DONE]. */
        public List<JsonNode> events() {
            return body.lines().filter(l -> l.startsWith("data: ") && !l.equals("data: [DONE]"))
                    .map(l -> {
                        try {
                            return Json.MAPPER.readTree(l.substring(6));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }).toList();
        }

        public String streamedText() {
            StringBuilder sb = new StringBuilder();
            for (JsonNode e : events()) for (JsonNode c : e.path("choices")) sb.append(c.path("delta").path("content").asText(""));
            return sb.toString();
        }
    }
}
