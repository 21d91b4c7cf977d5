package llmgw.stage.provider;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Duration;
import java.util.List;
import llmgw.config.Lists;
import llmgw.config.Problems;

/**
 * One upstream endpoint: under {@code providers.<name>}, or as an entry of {@code endpoints:} with
 * its {@code name}.
 *
 * @param type {@code stub}, {@code openai} (any OpenAI-compatible server), {@code vllm} (OpenAI-compatible,
 *             its own key variable), {@code ollama} (Ollama's native API) or {@code anthropic} (Messages API)
 * @param baseUrl where it listens ({@code url} is accepted too)
 * @param apiKeyEnv the environment variable holding the API key (the key itself never sits in config)
 * @param timeoutMs the read timeout in milliseconds, as the {@code endpoints:} shape writes it; wins over {@code read_timeout}
 * @param tokenDelay stub only: pause between streamed tokens, for trying streaming by hand
 * @param enabled false takes the endpoint out of routing without deleting it
 * @param models the models it serves besides those discovered and those routed to it under {@code models:}
 * @param weight its share under the {@code weighted} strategy
 * @param maxConcurrent calls it may have in flight at once; more are routed elsewhere
 */
public record ProviderConfig(String name, String type, @JsonAlias("url") String baseUrl, String apiKeyEnv, Duration connectTimeout,
                             Duration readTimeout, Integer timeoutMs, Duration tokenDelay, Boolean enabled, List<String> models,
                             Integer weight, Integer maxConcurrent, HealthCheck healthCheck) {
    /** The provider types, in the order error messages list them. */
    public static final List<String> TYPES = List.of("stub", "openai", "vllm", "ollama", "anthropic");

    public ProviderConfig {
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(5);
        if (timeoutMs != null && timeoutMs > 0) readTimeout = Duration.ofMillis(timeoutMs);
        if (readTimeout == null) readTimeout = Duration.ofSeconds(60);
        if (tokenDelay == null) tokenDelay = Duration.ZERO;
        if (apiKeyEnv == null && "openai".equals(type)) apiKeyEnv = "OPENAI_API_KEY";
        if (apiKeyEnv == null && "vllm".equals(type)) apiKeyEnv = "VLLM_API_KEY";
        if ("anthropic".equals(type)) {
            if (apiKeyEnv == null) apiKeyEnv = "ANTHROPIC_API_KEY";
            if (baseUrl == null) baseUrl = "https://api.anthropic.com";
        }
        if (enabled == null) enabled = true;
        models = Lists.present(models);
        if (weight == null) weight = 1;
        if (maxConcurrent == null) maxConcurrent = 0;
        if (healthCheck == null) healthCheck = new HealthCheck(null, null, null);
    }

    /**
     * Active health checking: the endpoint's model list is asked for every {@code interval}; an
     * endpoint that does not answer within {@code timeout} is skipped until it does again.
     */
    public record HealthCheck(Boolean enabled, Duration interval, Duration timeout) {
        public HealthCheck {
            if (enabled == null) enabled = false;
            if (interval == null) interval = Duration.ofSeconds(10);
            if (timeout == null) timeout = Duration.ofSeconds(2);
        }
    }

    public static ProviderConfig stub() {
        return of("stub", null);
    }

    /** A provider with defaults everywhere but its type and URL. */
    public static ProviderConfig of(String type, String baseUrl) {
        return of(type, baseUrl, null, null, null);
    }

    /** A provider with defaults everywhere but these (null for a default). */
    public static ProviderConfig of(String type, String baseUrl, String apiKeyEnv, Duration connectTimeout, Duration readTimeout) {
        return new ProviderConfig(null, type, baseUrl, apiKeyEnv, connectTimeout, readTimeout, null, null, null, null, null, null, null);
    }

    private static boolean parses(String url) {
        try {
            return java.net.URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public void validate(String path, Problems p) {
        if (type == null) {
            p.add(path + ".type", "is missing; use one of " + TYPES);
        } else if (TYPES.contains(type) && !type.equals("stub")) {
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://")) || !parses(baseUrl)) {
                p.add(path + ".base_url", "must be an http:// or https:// URL, e.g. " + switch (type) {
                    case "anthropic" -> "https://api.anthropic.com";
                    case "ollama" -> "http://127.0.0.1:11434";
                    default -> "https://api.openai.com/v1";
                });
            }
        } else if (!type.equals("stub")) {
            p.add(path + ".type", "is '" + type + "'; use one of " + TYPES);
        }
        if (connectTimeout.isZero() || connectTimeout.isNegative()) p.add(path + ".connect_timeout", "must be above 0");
        if (readTimeout.isZero() || readTimeout.isNegative()) p.add(path + ".read_timeout", "must be above 0");
        if (weight < 0) p.add(path + ".weight", "is " + weight + "; use 0 or more");
        if (maxConcurrent < 0) p.add(path + ".max_concurrent", "is " + maxConcurrent + "; use 0 (no limit) or more");
        if (healthCheck.interval().toMillis() < 100) p.add(path + ".health_check.interval", "must be 100ms or more");
        if (healthCheck.timeout().isZero() || healthCheck.timeout().isNegative()) p.add(path + ".health_check.timeout", "must be above 0");
    }
}
