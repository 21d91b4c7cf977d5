package llmgw.stage.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import llmgw.chat.Provider;
import llmgw.stage.provider.anthropic.AnthropicProvider;
import llmgw.stage.provider.ollama.OllamaProvider;
import llmgw.stage.provider.openai.OpenAiProvider;
import llmgw.stage.provider.stub.StubProvider;

/** One provider instance per configured upstream, built once at start. */
public final class ProviderRegistry implements AutoCloseable {
    private final Map<String, Provider> providers = new LinkedHashMap<>();

    public ProviderRegistry(Map<String, ProviderConfig> configs, Map<String, String> env) {
        configs.forEach((name, cfg) -> providers.put(name, switch (cfg.type()) {
            case "openai", "vllm" -> new OpenAiProvider(cfg, env.get(cfg.apiKeyEnv()));
            case "anthropic" -> new AnthropicProvider(cfg, env.get(cfg.apiKeyEnv()));
            case "ollama" -> new OllamaProvider(cfg, env);
            case "stub" -> new StubProvider(cfg.tokenDelay());
            default -> throw new IllegalStateException("provider type '" + cfg.type() + "' has no implementation"); // validation lists the types
        }));
    }

    public Provider get(String name) {
        return providers.get(name);
    }

    @Override
    public void close() {
        providers.values().forEach(Provider::close);
    }
}
