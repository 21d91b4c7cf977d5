package llmgw.stage.policy.opa;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import llmgw.api.Json;
import llmgw.config.Problems;
import llmgw.stage.policy.PolicyDecision;
import llmgw.stage.policy.PolicyInput;
import llmgw.testing.FakeOpa;
import llmgw.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OPA engine against a fake OPA Data API on 127.0.0.1. */
class OpaPolicyEngineTest {
    static final String VERSION = "opa:llmgw/authz";

    FakeOpa opa;
    OpaPolicyEngine engine;
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @AfterEach
    void stop() {
        if (engine != null) engine.close();
        if (opa != null) opa.close();
    }

    OpaPolicyEngine engine(Function<JsonNode, JsonNode> policy, boolean failOpen) throws Exception {
        opa = new FakeOpa(policy);
        engine = new OpaPolicyEngine(config(opa.url(), failOpen), clock);
        return engine;
    }

    static OpaConfig config(String url, boolean failOpen) {
        return new OpaConfig(url, null, Duration.ofMillis(200), null, null, failOpen);
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PolicyInput input(String tenant, String model) {
        return new PolicyInput(tenant, "alice", "user", "free", "key-1", model, "ollama",
                "/v1/chat/completions", true, false, 256, new PolicyInput.Scan(0.25, List.of("pii:EMAIL:redact")));
    }

    static PolicyInput input() {
        return input("acme", "llama-3");
    }

    @Test
    void booleanResultAllowsAndDenies() throws Exception {
        engine(in -> BooleanNode.valueOf(in.path("tenant").asText().equals("acme")), false);
        PolicyDecision allowed = engine.decide(input("acme", "llama-3"));
        assertEquals(new PolicyDecision(true, List.of("OPA policy llmgw/authz allowed the request"), VERSION, null), allowed);
        PolicyDecision denied = engine.decide(input("other", "llama-3"));
        assertEquals(new PolicyDecision(false, List.of("OPA policy llmgw/authz denied the request"), VERSION, null), denied);
        assertEquals("OPA", engine.mode());
    }

    @Test
    void objectResultAllowDecides() throws Exception {
        engine(in -> json("{\"allow\": " + in.path("model").asText().startsWith("llama") + "}"), false);
        assertTrue(engine.decide(input("acme", "llama-3")).allow());
        PolicyDecision d = engine.decide(input("acme", "gpt-4o"));
        assertFalse(d.allow());
        assertEquals(List.of("OPA policy llmgw/authz denied the request"), d.reasons());
    }

    @Test
    void denySetDeniesWithSortedReasonsAndWinsOverAllow() throws Exception {
        engine(in -> json("{\"allow\": true, \"deny\": [\"z: tools are not allowed\", \"a: model not allowed\"]}"), false);
        PolicyDecision d = engine.decide(input());
        assertFalse(d.allow());
        assertEquals(List.of("a: model not allowed", "z: tools are not allowed"), d.reasons());
        assertEquals(VERSION, d.version());
    }

    @Test
    void maxTokensIsCarriedAndAnEmptyDenySetLeavesTheDecisionToAllow() throws Exception {
        engine(in -> json("{\"allow\": true, \"deny\": [], \"max_tokens\": 512}"), false);
        PolicyDecision d = engine.decide(input());
        assertTrue(d.allow());
        assertEquals(512, d.maxTokens());
    }

    @Test
    void opaReceivesEveryInputFieldInSnakeCase() throws Exception {
        engine(in -> BooleanNode.TRUE, false);
        engine.decide(new PolicyInput("acme", "alice", "admin", "premium", "key-7", "claude-3", "anthropic",
                "/v1/chat/completions", true, true, 1024, new PolicyInput.Scan(0.75, List.of("pii:EMAIL:redact", "secret:AWS_KEY:block"))));
        engine.decide(new PolicyInput("acme", null, null, null, null, "stub", "stub", "/v1/chat/completions",
                false, false, null, PolicyInput.Scan.NONE));
        assertEquals(2, opa.inputs().size());
        // Whole-document equality: every field, its name and its value, and no others.
        assertEquals(json("""
                {"tenant":"acme","subject":"alice","role":"admin","tier":"premium","key_id":"key-7","model":"claude-3",
                 "provider":"anthropic","endpoint":"/v1/chat/completions","stream":true,"tools":true,"max_tokens":1024,
                 "scan":{"injection_score":0.75,"findings":["pii:EMAIL:redact","secret:AWS_KEY:block"]}}"""), opa.inputs().get(0));
        assertEquals(json("""
                {"tenant":"acme","subject":null,"role":null,"tier":null,"key_id":null,"model":"stub",
                 "provider":"stub","endpoint":"/v1/chat/completions","stream":false,"tools":false,"max_tokens":null,
                 "scan":{"injection_score":null,"findings":[]}}"""), opa.inputs().get(1));
    }

    @Test
    void aDenySetAloneDecides() throws Exception {
        engine(in -> json("{\"deny\": []}"), false);
        assertTrue(engine.decide(input()).allow());
        engine.close();
        opa.close();
        engine(in -> json("[\"tenant is not onboarded\"]"), false);
        PolicyDecision d = engine.decide(input());
        assertFalse(d.allow());
        assertEquals(List.of("tenant is not onboarded"), d.reasons());
        engine.close();
        opa.close();
        engine(in -> json("[]"), false);
        assertTrue(engine.decide(input()).allow());
    }

    /** Ways OPA can fail to decide; each is set up on a running engine. */
    enum Failure {
        UNDEFINED_DOCUMENT("undefined document"),
        OBJECT_WITHOUT_ALLOW("neither allow nor deny"),
        NON_BOOLEAN_ALLOW("not a boolean"),
        DENY_WITH_NON_STRINGS("not a set of strings"),
        GARBAGE("not JSON"),
        STATUS_500("OPA answered HTTP 500"),
        TIMEOUT("did not answer within 200ms"),
        CONNECTION_REFUSED("could not be reached");

        final String cause;

        Failure(String cause) {
            this.cause = cause;
        }
    }

    OpaPolicyEngine failing(Failure f, boolean failOpen) throws Exception {
        JsonNode result = switch (f) {
            case UNDEFINED_DOCUMENT -> null;
            case OBJECT_WITHOUT_ALLOW -> json("{\"max_tokens\": 10}");
            case NON_BOOLEAN_ALLOW -> json("{\"allow\": \"yes\"}");
            case DENY_WITH_NON_STRINGS -> json("{\"allow\": true, \"deny\": [1]}");
            default -> BooleanNode.TRUE;
        };
        engine(in -> result, failOpen);
        switch (f) {
            case GARBAGE -> opa.garbage();
            case STATUS_500 -> opa.status(500);
            case TIMEOUT -> opa.hang(Duration.ofSeconds(2));
            case CONNECTION_REFUSED -> {
                engine.close();
                engine = new OpaPolicyEngine(config("http://127.0.0.1:" + closedPort(), failOpen), clock);
            }
            default -> {}
        }
        return engine;
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void failuresDenyByDefault(Failure f) throws Exception {
        failing(f, false);
        long start = System.nanoTime();
        PolicyDecision d = engine.decide(input());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(d.allow(), f + " let the request through");
        assertEquals(VERSION, d.version());
        assertEquals(1, d.reasons().size());
        String reason = d.reasons().getFirst();
        assertTrue(reason.startsWith("policy engine unavailable: "), reason);
        assertTrue(reason.contains(f.cause), reason);
        assertNull(d.maxTokens());
        assertTrue(millis < 1500, f + " took " + millis + "ms");
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void failuresAllowWhenFailOpen(Failure f) throws Exception {
        failing(f, true);
        PolicyDecision d = engine.decide(input());
        assertTrue(d.allow(), f + " was denied despite fail_open");
        assertEquals(1, d.reasons().size());
        String reason = d.reasons().getFirst();
        assertTrue(reason.startsWith("policy engine unavailable (") && reason.contains(f.cause)
                && reason.endsWith("); allowed because policy.opa.fail_open is set"), reason);
    }

    @Test
    void identicalInputsAreDecidedOnceUntilTheTtlPasses() throws Exception {
        engine(in -> BooleanNode.TRUE, false);
        assertTrue(engine.decide(input()).allow());
        assertTrue(engine.decide(input()).allow());
        assertEquals(1, opa.requestCount());
        engine.decide(input("acme", "stub"));
        assertEquals(2, opa.requestCount());
        clock.advance(Duration.ofMillis(4999));
        engine.decide(input());
        assertEquals(2, opa.requestCount());
        clock.advance(Duration.ofMillis(1));
        engine.decide(input());
        assertEquals(3, opa.requestCount());
    }

    @Test
    void failuresAreNotCached() throws Exception {
        engine(in -> BooleanNode.TRUE, false);
        opa.status(503);
        assertFalse(engine.decide(input()).allow());
        assertFalse(engine.decide(input()).allow());
        assertEquals(2, opa.requestCount());
        opa.normal();
        assertTrue(engine.decide(input()).allow());
        assertEquals(3, opa.requestCount());
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() throws Exception {
        opa = new FakeOpa(in -> BooleanNode.TRUE);
        engine = new OpaPolicyEngine(new OpaConfig(opa.url(), null, null, Duration.ZERO, null, null), clock);
        engine.decide(input());
        engine.decide(input());
        assertEquals(2, opa.requestCount());
    }

    @Test
    void readyFollowsOpaHealthCheckedAtMostOnceASecond() throws Exception {
        engine(in -> BooleanNode.TRUE, false);
        assertTrue(engine.ready());
        opa.close();
        assertTrue(engine.ready(), "the last check is reused within a second");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(engine.ready());
    }

    @Test
    void configDefaultsAndPathStripping() {
        OpaConfig d = OpaConfig.defaults();
        assertFalse(d.enabled());
        assertEquals("llmgw/authz", d.path());
        assertEquals(Duration.ofMillis(500), d.timeout());
        assertEquals(Duration.ofSeconds(5), d.cacheTtl());
        assertEquals(10_000, d.cacheSize());
        assertFalse(d.failOpen());
        OpaConfig c = d.withUrl("http://127.0.0.1:8181").withPath("/acme/gateway/");
        assertTrue(c.enabled());
        assertEquals("acme/gateway", c.path());
        assertEquals("http://127.0.0.1:8181", c.url());
    }

    @Test
    void validateCatchesABadUrlTimeoutAndPath() {
        Problems ok = new Problems(Map.of());
        OpaConfig.defaults().withUrl("https://opa.internal:8181/").validate("policy.opa", ok);
        assertTrue(ok.isEmpty(), ok.errors().toString());

        Problems p = new Problems(Map.of());
        new OpaConfig("localhost:8181", "llmgw.authz", Duration.ZERO, Duration.ofHours(2), -1, null).validate("policy.opa", p);
        List<String> paths = p.errors().stream().map(e -> e.path()).toList();
        assertEquals(List.of("policy.opa.url", "policy.opa.path", "policy.opa.timeout", "policy.opa.cache_ttl", "policy.opa.cache_size"), paths);
        assertTrue(p.errors().getFirst().message().contains("is 'localhost:8181'; use an http:// or https:// URL"), p.errors().getFirst().message());

        Problems slow = new Problems(Map.of());
        new OpaConfig("http://127.0.0.1:8181", null, Duration.ofSeconds(31), null, null, null).validate("policy.opa", slow);
        assertEquals(List.of("policy.opa.timeout"), slow.errors().stream().map(e -> e.path()).toList());

        Problems off = new Problems(Map.of());
        new OpaConfig(" ", null, Duration.ZERO, null, null, null).validate("policy.opa", off);
        assertTrue(off.isEmpty(), "a disabled OPA is not validated");
    }
}
