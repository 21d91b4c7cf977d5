package llmgw.stage.policy.opa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import llmgw.api.Json;
import llmgw.stage.policy.PolicyDecision;
import llmgw.stage.policy.PolicyEngine;
import llmgw.stage.policy.PolicyInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Open Policy Agent through its Data API: {@code POST <url>/v1/data/<path>} with the request's
 * {@link PolicyInput} as {@code input}. The policy answers {@code true}/{@code false}, or an object with
 * a boolean {@code allow}, a {@code deny} set of reasons (which wins) and an optional {@code max_tokens}.
 * When OPA cannot decide, the request is denied, or allowed when {@code fail_open} is set.
 */
public final class OpaPolicyEngine implements PolicyEngine {
    private static final Logger log = LoggerFactory.getLogger(OpaPolicyEngine.class);
    private static final Duration READY_FOR = Duration.ofSeconds(1);
    private static final ObjectMapper SNAKE_CASE = Json.MAPPER.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final OpaConfig cfg;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final URI decisionUri;
    private final URI healthUri;
    private final String version;
    private final String where; // the decision URL without credentials, for logs
    private final DecisionCache cache;
    private volatile ReadyCheck readyCheck;

    private record ReadyCheck(Instant at, boolean ready) {}

    /** Why OPA gave no decision; the message is short and safe to show the caller (no URLs). */
    private static final class OpaFailure extends Exception {
        OpaFailure(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    public OpaPolicyEngine(OpaConfig cfg) {
        this(cfg, Clock.systemUTC());
    }

    public OpaPolicyEngine(OpaConfig cfg, Clock clock) {
        if (!cfg.enabled()) throw new IllegalArgumentException("OPA needs a url");
        this.cfg = cfg;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(cfg.timeout())
                .executor(executor)
                .build();
        String base = cfg.url().replaceAll("/+$", "");
        this.decisionUri = URI.create(base + "/v1/data/" + cfg.path());
        this.healthUri = URI.create(base + "/health");
        this.version = "opa:" + cfg.path();
        boolean caching = !cfg.cacheTtl().isZero() && cfg.cacheSize() > 0;
        this.cache = caching ? new DecisionCache(cfg.cacheTtl(), cfg.cacheSize()) : null;
        this.where = cfg.displayUrl() + "/v1/data/" + cfg.path();
        if (cfg.failOpen()) log.warn("policy.opa.fail_open is set: while OPA at {} fails, requests are ALLOWED undecided", where);
    }

    @Override
    public String mode() {
        return "OPA";
    }

    @Override
    public PolicyDecision decide(PolicyInput input) {
        try {
            ObjectNode envelope = Json.MAPPER.createObjectNode();
            envelope.set("input", inputJson(input));
            // The body holds nothing but the input, so it serves as the cache key.
            String body = Json.MAPPER.writeValueAsString(envelope);
            PolicyDecision cached = cache == null ? null : cache.get(body, clock.instant());
            if (cached != null) return cached;
            PolicyDecision decision = ask(body);
            if (cache != null) cache.put(body, decision, clock.instant());
            return decision;
        } catch (OpaFailure f) {
            return failed(f);
        } catch (JsonProcessingException | RuntimeException e) {
            return failed(new OpaFailure("unexpected error (" + e.getClass().getSimpleName() + ")", e));
        }
    }

    /** OPA's own health endpoint, checked at most once a second so /readyz polling does not load OPA. */
    @Override
    public boolean ready() {
        Instant now = clock.instant();
        ReadyCheck last = readyCheck;
        if (last != null && !now.isBefore(last.at()) && now.isBefore(last.at().plus(READY_FOR))) return last.ready();
        boolean ok = false;
        try {
            HttpRequest get = HttpRequest.newBuilder(healthUri).timeout(cfg.timeout()).GET().build();
            ok = send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (OpaFailure f) {
            log.debug("OPA health check for {} failed: {}", where, f.getMessage());
        }
        readyCheck = new ReadyCheck(now, ok);
        return ok;
    }

    @Override
    public void close() {
        client.close();
        executor.close();
    }

    /** The input document: the {@link PolicyInput} with its field names in snake case; absent values are JSON null. */
    static ObjectNode inputJson(PolicyInput in) {
        ObjectNode o = SNAKE_CASE.valueToTree(in);
        PolicyInput.Scan s = in.scan() == null ? PolicyInput.Scan.NONE : in.scan();
        ObjectNode scan = o.putObject("scan").setAll((ObjectNode) SNAKE_CASE.valueToTree(s));
        if (s.injectionScore() < 0) scan.putNull("injection_score"); // -1 means "not scanned", not a score
        return o;
    }

    private PolicyDecision ask(String body) throws OpaFailure {
        HttpRequest post = HttpRequest.newBuilder(decisionUri)
                .timeout(cfg.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> resp = send(post, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) throw new OpaFailure("OPA answered HTTP " + resp.statusCode(), null);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new OpaFailure("OPA answered with a body that is not JSON", e);
        }
        if (root == null || !root.isObject()) throw new OpaFailure("OPA answered with JSON that is not an object", null);
        return interpret(root.get("result"));
    }

    private PolicyDecision interpret(JsonNode result) throws OpaFailure {
        String where = "policy " + cfg.path();
        if (result == null || result.isNull()) {
            throw new OpaFailure("OPA has no decision at " + where + " (undefined document: is the policy loaded?)", null);
        }
        if (result.isBoolean()) return result.booleanValue() ? allowed(null) : deniedByAllow();
        if (result.isArray()) { // the path names a deny set itself: empty allows
            List<String> reasons = denyReasons(result, where);
            return reasons.isEmpty() ? allowed(null) : PolicyDecision.deny(version, reasons);
        }
        if (!result.isObject()) throw new OpaFailure("OPA's " + where + " answered neither a boolean, a deny set nor an object", null);
        // A deny set wins over allow; it is checked first so a broken max_tokens cannot undo it.
        JsonNode deny = result.get("deny");
        List<String> reasons = denyReasons(deny, where);
        if (!reasons.isEmpty()) return PolicyDecision.deny(version, reasons);
        JsonNode allow = result.get("allow");
        if (allow != null && !allow.isBoolean()) throw new OpaFailure("OPA's " + where + " answered an allow that is not a boolean", null);
        if (allow == null && (deny == null || deny.isNull())) {
            throw new OpaFailure("OPA's " + where + " answered neither allow nor deny", null);
        }
        if (allow != null && !allow.booleanValue()) return deniedByAllow();
        JsonNode cap = result.get("max_tokens");
        if (cap == null || cap.isNull()) return allowed(null);
        if (!cap.isIntegralNumber() || !cap.canConvertToInt() || cap.intValue() < 1) {
            throw new OpaFailure("OPA's " + where + " answered a max_tokens that is not a positive whole number", null);
        }
        return allowed(cap.intValue());
    }

    private static List<String> denyReasons(JsonNode deny, String where) throws OpaFailure {
        if (deny == null || deny.isNull()) return List.of();
        String notStrings = "OPA's " + where + " answered a deny that is not a set of strings";
        if (!deny.isArray()) throw new OpaFailure(notStrings, null);
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : deny) {
            if (!r.isTextual()) throw new OpaFailure(notStrings, null);
            reasons.add(r.textValue());
        }
        reasons.sort(null); // OPA sets have no order; sorted reasons keep audit rows stable
        return reasons;
    }

    private PolicyDecision allowed(Integer maxTokens) {
        return new PolicyDecision(true, List.of("OPA policy " + cfg.path() + " allowed the request"), version, maxTokens);
    }

    private PolicyDecision deniedByAllow() {
        return PolicyDecision.deny(version, List.of("OPA policy " + cfg.path() + " denied the request"));
    }

    /** Sends within the timeout, the whole answer included; on timeout the call is cancelled. */
    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws OpaFailure {
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(req, handler);
        String timedOut = "OPA did not answer within " + cfg.timeout().toMillis() + "ms";
        try {
            return future.get(cfg.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OpaFailure(timedOut, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) throw new OpaFailure(timedOut, cause);
            if (cause instanceof ConnectException) throw new OpaFailure("OPA could not be reached", cause);
            throw new OpaFailure("OPA call failed (" + cause.getClass().getSimpleName() + ")", cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OpaFailure("interrupted while waiting for OPA", e);
        }
    }

    private PolicyDecision failed(OpaFailure f) {
        logFailure(f);
        if (cfg.failOpen()) {
            return PolicyDecision.allow(version, List.of("policy engine unavailable (" + f.getMessage()
                    + "); allowed because policy.opa.fail_open is set"));
        }
        return PolicyDecision.deny(version, List.of("policy engine unavailable: " + f.getMessage()));
    }

    /** Every failure is logged; with fail_open as an error, since it let a request through undecided. */
    private void logFailure(OpaFailure f) {
        String detail = f.getCause() == null ? "" : " [" + f.getCause() + "]";
        if (cfg.failOpen()) {
            log.error("OPA at {} could not decide: {}{}; the request was ALLOWED UNDECIDED because policy.opa.fail_open is set",
                    where, f.getMessage(), detail);
        } else {
            log.warn("OPA at {} could not decide: {}{}; the request was denied", where, f.getMessage(), detail);
        }
    }
}
