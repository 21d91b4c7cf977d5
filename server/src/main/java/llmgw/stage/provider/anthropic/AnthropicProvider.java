package llmgw.stage.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import llmgw.api.Json;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.Provider;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.http.UpstreamCalls;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.http.UpstreamErrors;

/**
 * Anthropic's Messages API ({@code POST {base_url}/v1/messages}), with the key in {@code x-api-key}.
 * Requests and answers are translated by {@link AnthropicRequests} and {@link AnthropicAnswers};
 * upstream errors map as for OpenAI-compatible upstreams (Anthropic's error body has the same
 * {@code error.type} and {@code error.message}).
 */
public final class AnthropicProvider implements Provider {
    static final String API_VERSION = "2023-06-01";

    private final HttpClient client;
    private final URI messagesUri;
    private final URI modelsUri;
    private final String apiKey;
    private final Duration readTimeout;

    public AnthropicProvider(ProviderConfig cfg, String apiKey) {
        this.client = UpstreamCalls.client(cfg);
        String base = cfg.baseUrl().replaceAll("/+$", "");
        this.messagesUri = URI.create(base + "/v1/messages");
        this.modelsUri = URI.create(base + "/v1/models?limit=1000");
        this.apiKey = apiKey;
        this.readTimeout = cfg.readTimeout();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public Completion complete(ChatRequest request, String upstreamModel) throws ProviderException {
        byte[] body = AnthropicRequests.body(request, upstreamModel, false);
        HttpResponse<byte[]> resp = UpstreamCalls.await(client.sendAsync(post(body, false), HttpResponse.BodyHandlers.ofByteArray()), readTimeout);
        if (resp.statusCode() / 100 != 2) throw UpstreamErrors.fromStatus(resp.statusCode(), resp.body());
        try {
            return AnthropicAnswers.completion(Json.MAPPER.readTree(resp.body()), upstreamModel, request);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not an Anthropic message"), e);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException {
        byte[] body = AnthropicRequests.body(request, upstreamModel, true);
        HttpResponse<InputStream> resp = UpstreamCalls.await(client.sendAsync(post(body, true), HttpResponse.BodyHandlers.ofInputStream()), readTimeout);
        InputStream in = UpstreamCalls.streamBody(resp);
        return new AnthropicStream(in, readTimeout, request);
    }

    /** The ids of Anthropic's model list ({@code GET /v1/models}, one page of up to 1000). */
    @Override
    public List<String> models() throws ProviderException {
        HttpRequest get = request(modelsUri).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> resp = UpstreamCalls.await(client.sendAsync(get, HttpResponse.BodyHandlers.ofByteArray()), readTimeout);
        if (resp.statusCode() / 100 != 2) throw UpstreamErrors.fromStatus(resp.statusCode(), resp.body());
        try {
            JsonNode data = Json.MAPPER.readTree(resp.body()).path("data");
            if (!data.isArray()) throw new IllegalArgumentException("no data");
            List<String> ids = new ArrayList<>();
            for (JsonNode m : data) if (m.path("id").isTextual()) ids.add(m.path("id").asText());
            return ids;
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not a model list"), e);
        }
    }

    private HttpRequest post(byte[] body, boolean stream) {
        return request(messagesUri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(readTimeout).header("anthropic-version", API_VERSION);
        if (apiKey != null && !apiKey.isEmpty()) b.header("x-api-key", apiKey);
        return b;
    }
}
