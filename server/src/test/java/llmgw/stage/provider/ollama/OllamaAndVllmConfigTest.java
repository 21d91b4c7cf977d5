package llmgw.stage.provider.ollama;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import llmgw.config.ConfigError;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.config.GatewayConfig;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The {@code ollama} and {@code vllm} provider types in config, and vllm reaching an OpenAI-compatible server. */
class OllamaAndVllmConfigTest {

    @Test
    void bothTypesAreAcceptedWithTheirKeyDefaults() {
        GatewayConfig cfg = new ConfigLoader(Map.of()).parse("""
                providers:
                  gpu: {type: ollama, base_url: "http://127.0.0.1:11434"}
                  v: {type: vllm, base_url: "http://127.0.0.1:8000/v1"}
                """);
        assertNull(cfg.providers().get("gpu").apiKeyEnv(), "Ollama takes no key unless a proxy wants one");
        assertEquals("VLLM_API_KEY", cfg.providers().get("v").apiKeyEnv());
    }

    @Test
    void aMissingBaseUrlOrAnUnknownTypeSaysWhatWouldDo() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("""
                providers:
                  gpu: {type: ollama}
                  x: {type: llamacpp}
                """));
        ConfigError url = e.errors().stream().filter(err -> err.path().equals("providers.gpu.base_url")).findFirst().orElseThrow();
        assertTrue(url.message().contains("http://127.0.0.1:11434"), url.message());
        ConfigError type = e.errors().stream().filter(err -> err.path().equals("providers.x.type")).findFirst().orElseThrow();
        assertTrue(type.message().contains("[stub, openai, vllm, ollama, anthropic]"), type.message());
    }

    @Test
    void vllmIsServedByTheOpenAiProviderWithItsOwnKey() throws Exception {
        try (FakeUpstream vllm = new FakeUpstream();
             TestGateway gw = TestGateway.start("""
                     providers:
                       v: {type: vllm, base_url: %s}
                     models:
                       - {name: qwen, provider: v, upstream_model: Qwen/Qwen2.5-7B-Instruct}
                     """.formatted(vllm.baseUrl()), Map.of("VLLM_API_KEY", "vllm-secret"))) {
            var r = gw.chat("dev-token", TestGateway.chatBody("qwen", "hi"));
            assertEquals(200, r.status(), r.body());
            assertEquals("hi from upstream", r.json().path("choices").get(0).path("message").path("content").asText());
            assertEquals("Bearer vllm-secret", vllm.received().getFirst().authorization());
            assertTrue(vllm.received().getFirst().body().contains("\"model\":\"Qwen/Qwen2.5-7B-Instruct\""));
        }
    }
}
