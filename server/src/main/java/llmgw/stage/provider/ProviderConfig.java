package llmgw.stage.provider;

import java.time.Duration;
import llmgw.config.Problems;

/**
 * One upstream.
 *
 * @param type {@code stub}, {@code openai} (any OpenAI-compatible server), {@code vllm} (OpenAI-compatible,
 *             its own key variable) or {@code ollama} (Ollama's native API)
 * @param apiKeyEnv the environment variable holding the API key (the key itself never sits in config)
 * @param tokenDelay stub only: pause between streamed tokens, for trying streaming by hand
 */
public record ProviderConfig(String type, String baseUrl, String apiKeyEnv, Duration connectTimeout,
                             Duration readTimeout, Duration tokenDelay) {
    public ProviderConfig {
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(5);
        if (readTimeout == null) readTimeout = Duration.ofSeconds(60);
        if (tokenDelay == null) tokenDelay = Duration.ZERO;
        if (apiKeyEnv == null && "openai".equals(type)) apiKeyEnv = "OPENAI_API_KEY";
        if (apiKeyEnv == null && "vllm".equals(type)) apiKeyEnv = "VLLM_API_KEY";
    }

    public static ProviderConfig stub() {
        return new ProviderConfig("stub", null, null, null, null, null);
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
            p.add(path + ".type", "is missing; use stub, openai, vllm or ollama");
        } else if (java.util.Set.of("openai", "vllm", "ollama").contains(type)) {
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://")) || !parses(baseUrl)) {
                p.add(path + ".base_url", "must be an http:// or https:// URL, e.g. "
                        + (type.equals("ollama") ? "http://127.0.0.1:11434" : "https://api.openai.com/v1"));
            }
        } else if (!type.equals("stub")) {
            p.add(path + ".type", "is '" + type + "'; use stub, openai, vllm or ollama");
        }
        if (connectTimeout.isZero() || connectTimeout.isNegative()) p.add(path + ".connect_timeout", "must be above 0");
        if (readTimeout.isZero() || readTimeout.isNegative()) p.add(path + ".read_timeout", "must be above 0");
    }
}
