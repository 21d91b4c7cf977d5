package llmgw.stage.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.Provider;
import llmgw.chat.ProviderException;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.http.UpstreamClient;

/**
 * Anthropic's Messages API ({@code POST {base_url}/v1/messages}), with the key in {@code x-api-key}.
 * Requests and answers are translated by {@link AnthropicRequests} and {@link AnthropicAnswers};
 * upstream errors map as for OpenAI-compatible upstreams (Anthropic's error body has the same
 * {@code error.type} and {@code error.message}).
 */
public final class AnthropicProvider implements Provider {
    static final String API_VERSION = "2023-06-01";
    private static final String MESSAGES = "/v1/messages";
    private static final String MODELS = "/v1/models?limit=1000"; // one page of up to 1000

    private final UpstreamClient client;
    private final String apiKey;

    public AnthropicProvider(ProviderConfig cfg, String apiKey) {
        this.client = new UpstreamClient(cfg);
        this.apiKey = apiKey;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public Completion complete(ChatRequest request, String upstreamModel) throws ProviderException {
        byte[] body = AnthropicRequests.body(request, upstreamModel, false);
        byte[] answer = client.post(MESSAGES, headers("application/json"), body).ok().body();
        try {
            return AnthropicAnswers.completion(Json.MAPPER.readTree(answer), upstreamModel, request);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not an Anthropic message"), e);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException {
        byte[] body = AnthropicRequests.body(request, upstreamModel, true);
        InputStream in = client.stream(MESSAGES, headers("text/event-stream"), body);
        return new AnthropicStream(in, client.readTimeout(), request);
    }

    /** The ids of Anthropic's model list ({@code GET /v1/models}, one page of up to 1000). */
    @Override
    public List<String> models() throws ProviderException {
        byte[] answer = client.get(MODELS, headers("application/json")).ok().body();
        try {
            JsonNode data = Json.MAPPER.readTree(answer).path("data");
            if (!data.isArray()) throw new IllegalArgumentException("no data");
            List<String> ids = new ArrayList<>();
            for (JsonNode m : data) if (m.path("id").isTextual()) ids.add(m.path("id").asText());
            return ids;
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not a model list"), e);
        }
    }

    private Map<String, String> headers(String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("anthropic-version", API_VERSION);
        h.put("Accept", accept);
        if (apiKey != null && !apiKey.isEmpty()) h.put("x-api-key", apiKey);
        return h;
    }
}
