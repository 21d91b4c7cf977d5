package llmgw.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-prod";

    static Path sample(String name) {
        // Tests run in server/; the samples live at the top of the repo.
        return Path.of("..", "config-samples", name);
    }

    @Test
    void devSampleLoadsAndIsDevMode() {
        GatewayConfig cfg = new ConfigLoader(Map.of()).load(sample("gateway.dev.yaml"));
        assertTrue(cfg.devMode());
        assertTrue(cfg.auth().devTokenEnabled());
        assertEquals("stub", cfg.models().getFirst().name());
        assertEquals(Duration.ofSeconds(10), cfg.server().shutdownGrace());
    }

    @Test
    void prodSampleLoadsWithItsEnvironment() {
        GatewayConfig cfg = new ConfigLoader(Map.of("JWT_SECRET", SECRET, "LLMGW_PORT", "9443")).load(sample("gateway.prod.yaml"));
        assertFalse(cfg.devMode());
        assertFalse(cfg.auth().devTokenEnabled());
        assertEquals(9443, cfg.server().port());
        assertEquals("https://login.example.com", cfg.auth().jwt().issuer());
        assertEquals("https://api.openai.com/v1", cfg.providers().get("openai").baseUrl());
        assertEquals(600, cfg.tenants().get("acme").rateLimit().requestsPerMinute());
        assertEquals(List.of("gpt-*"), cfg.limits().allowedModels());
        assertEquals("redact", cfg.guard().actions().get("pii"));
        assertEquals("employee-id", cfg.guard().rules().getFirst().name());
        assertEquals(List.of("https://kb.example.com/", "s3://acme-docs/"), cfg.context().allowedOrigins());
        assertEquals(2_000_000L, cfg.tenants().get("acme").dailyTokens());
        assertFalse(cfg.policy().opa().enabled());
        assertEquals(Path.of("/etc/llmgw/policy.yaml"), cfg.policyFilePath());
        assertEquals(15.0, cfg.budgets().costTiers().get("frontier"));
        assertEquals("frontier", cfg.budgets().models().get("gpt-4o"));
        assertEquals(10.0, cfg.prices().get("gpt-4o").output());
    }

    @Test
    void multiEndpointSampleLoads() {
        GatewayConfig cfg = new ConfigLoader(Map.of("JWT_SECRET", SECRET)).load(sample("gateway.multi.yaml"));
        assertEquals(List.of("stub", "gpu-box-1", "gpu-box-2", "vllm", "openai", "anthropic"), List.copyOf(cfg.providers().keySet()));
        assertEquals("ollama", cfg.providers().get("gpu-box-1").type());
        assertEquals(Duration.ofSeconds(60), cfg.providers().get("gpu-box-1").readTimeout());
        assertEquals(8, cfg.providers().get("gpu-box-1").maxConcurrent());
        assertTrue(cfg.providers().get("gpu-box-1").healthCheck().enabled());
        assertFalse(cfg.providers().get("openai").enabled());
        assertEquals("weighted", cfg.routing().strategy());
        assertEquals(List.of("claude-sonnet", "gpt-4o-mini", "llama3:8b"), cfg.routing().fallbackChains().get("production"));
        assertTrue(cfg.routing().discovery().enabled());
        assertEquals(List.of("gpu-box-1", "gpu-box-2"), cfg.tenants().get("research").endpoints());
        assertTrue(cfg.cache().enabled());
    }

    @Test
    void routingMistakesAreReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("""
                endpoints:
                  - {type: openai, url: "http://127.0.0.1:1/v1"}
                  - {name: a, type: llamacpp, url: "http://127.0.0.1:1"}
                routing:
                  strategy: fastest
                  priority: [nowhere]
                  circuit_breaker: {failure_rate_threshold: 0}
                tenants:
                  t: {endpoints: [ghost]}
                cache: {ttl: 0s}
                """));
        List<String> paths = e.errors().stream().map(ConfigError::path).toList();
        for (String p : List.of("endpoints[0].name", "providers.a.type", "routing.strategy", "routing.priority",
                "routing.circuit_breaker.failure_rate_threshold", "tenants.t.endpoints", "cache.ttl")) {
            assertTrue(paths.contains(p), p + " not in " + e.getMessage());
        }
    }

    @Test
    void opaComesFromTheEnvironmentToo() {
        GatewayConfig cfg = new ConfigLoader(Map.of("JWT_SECRET", SECRET, "OPA_URL", "http://127.0.0.1:8181", "OPA_POLICY_PATH", "/acme/authz/"))
                .load(sample("gateway.prod.yaml"));
        assertTrue(cfg.policy().opa().enabled());
        assertEquals("http://127.0.0.1:8181", cfg.policy().opa().url());
        assertEquals("acme/authz", cfg.policy().opa().path());
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("OPA_URL", "opa:8181")).defaults());
        assertTrue(e.getMessage().contains("policy.opa.url"), e.getMessage());
    }

    @Test
    void inFlightBytesMustHoldTheLargestBody() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("""
                server: {max_body_bytes: 65536, max_in_flight_bytes: 4096}
                """));
        assertEquals(List.of("server.max_in_flight_bytes"), e.errors().stream().map(ConfigError::path).toList());
        var defaults = new ConfigLoader(Map.of()).defaults().server();
        assertTrue(defaults.maxInFlightBytes() >= defaults.maxBodyBytes());
    }

    @Test
    void governanceSectionsAreChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("""
                tenants:
                  acme: {daily_tokens: 0}
                policy:
                  reload_interval: 1ms
                  opa: {url: "http://127.0.0.1:8181", timeout: 1h}
                budgets:
                  cost_tiers: {frontier: 15, free: 0}
                  models: {gpt-4o: gold}
                prices:
                  gpt-4o: {input: -1, output: 10}
                """));
        List<String> paths = e.errors().stream().map(ConfigError::path).toList();
        for (String p : List.of("tenants.acme.daily_tokens", "policy.reload_interval", "policy.opa.timeout", "budgets.cost_tiers.free",
                "budgets.models.gpt-4o", "prices.gpt-4o.input")) {
            assertTrue(paths.contains(p), p + " not in " + e.getMessage());
        }
    }

    @Test
    void prodSampleWithoutItsSecretSaysWhichVariableIsMissing() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(sample("gateway.prod.yaml")));
        assertTrue(e.errors().stream().anyMatch(err -> err.path().equals("auth.jwt.secret") && err.message().contains("JWT_SECRET")
                && err.line() > 0), e.getMessage());
    }

    @Test
    void everyProblemIsReportedWithPathAndLine() {
        String yaml = """
                server:
                  port: lots
                  colour: blue
                auth:
                  jwt:
                    secret: short
                    clock_skew: forever
                models:
                  - name: a
                    provider: nowhere
                limits:
                  max_messages: 0
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse(yaml));
        List<ConfigError> errors = e.errors();
        assertHas(errors, "server.port", 2, "not a whole number");
        assertHas(errors, "server.colour", 3, "unknown key");
        assertHas(errors, "auth.jwt.clock_skew", 7, "duration");
        assertHas(errors, "auth.jwt.secret", 6, "32 bytes");
        assertHas(errors, "models[0].provider", 10, "nowhere");
        assertHas(errors, "limits.max_messages", 12, "1 or more");
        assertEquals(6, errors.size(), errors.toString());
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("server:\n  port: [1,\n"));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void environmentIsInterpolatedInValuesNotInTheYamlText() {
        GatewayConfig cfg = new ConfigLoader(Map.of("S", "a: secret # with yaml-ish characters!!")).parse("""
                auth:
                  jwt:
                    secret: ${S}
                """);
        assertEquals("a: secret # with yaml-ish characters!!", cfg.auth().jwt().secret());
        GatewayConfig fallback = new ConfigLoader(Map.of()).parse("server:\n  port: ${P:-8123}\n");
        assertEquals(8123, fallback.server().port());
    }

    @Test
    void seedEnvironmentVariablesOverrideTheFile() {
        GatewayConfig cfg = new ConfigLoader(Map.of("JWT_SECRET", SECRET, "ALLOWED_MODELS", " a, b ,", "RATE_LIMIT", "10", "RATE_WINDOW", "30"))
                .parse("auth:\n  jwt:\n    secret: ignored-because-the-environment-wins-000\n");
        assertEquals(SECRET, cfg.auth().jwt().secret());
        assertEquals(List.of("a", "b"), cfg.limits().allowedModels());
        assertEquals(20, cfg.rateLimit().requestsPerMinute());
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("RATE_LIMIT", "many")).defaults());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "server: [\n", "models: 5", "models:\n  - 5\n  - null\n", "providers: [1]", "providers:\n  x:\n", "tenants:\n  a:\n",
            "tenants:\n  a:\n    models: [null, 3]\n", "limits:\n  allowed_models: [[1]]\n", "- just\n- a list\n", "42",
            "server:\n  port: 1e99\n", "auth:\n  jwt: secret\n", "server:\n  shutdown_grace: -5s\n", "audit: {store_bodies: maybe}",
            "models:\n  - {name: x}\n", "\t\tbad indent: [", "rate_limit:\n  burst: 99999999999999999999\n"})
    void anyBrokenFileIsAConfigErrorNeverACrash(String yaml) {
        try {
            new ConfigLoader(Map.of()).parse(yaml);
        } catch (ConfigException e) {
            assertFalse(e.errors().isEmpty());
            e.errors().forEach(err -> assertFalse(err.message().contains("Exception"), err.toString()));
        }
    }

    @Test
    void emptyFileMeansDefaults() {
        assertTrue(new ConfigLoader(Map.of()).parse("").devMode());
    }

    @Test
    void durationsAreWrittenTheWayPeopleWriteThem() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(90), Durations.parse("90d"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
    }

    private static void assertHas(List<ConfigError> errors, String path, int line, String text) {
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path) && e.line() == line && e.message().contains(text)),
                "expected " + path + " (line " + line + ") ~ " + text + " in " + errors);
    }
}
