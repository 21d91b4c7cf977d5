package llmgw.stage.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.Embeddings;
import llmgw.chat.Provider;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.http.UpstreamCalls;
import llmgw.stage.provider.http.UpstreamErrors;
import llmgw.chat.Usage;
import llmgw.stage.provider.ProviderConfig;

/**
 * Any OpenAI-compatible upstream: {@code POST {base_url}/chat/completions}, {@code POST {base_url}/embeddings}
 * and {@code GET {base_url}/models}.
 */
public final class OpenAiProvider implements Provider {

    private final HttpClient client;
    private final String baseUrl;
    private final String apiKey;
    private final Duration readTimeout;

    public OpenAiProvider(ProviderConfig cfg, String apiKey) {
        this.client = UpstreamCalls.client(cfg);
        this.baseUrl = cfg.baseUrl().replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.readTimeout = cfg.readTimeout();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public Completion complete(ChatRequest request, String upstreamModel) throws ProviderException {
        HttpResponse<byte[]> resp = UpstreamCalls.await(client.sendAsync(post(request, upstreamModel, false), HttpResponse.BodyHandlers.ofByteArray()), readTimeout);
        if (resp.statusCode() / 100 != 2) throw UpstreamErrors.fromStatus(resp.statusCode(), resp.body());
        try {
            return parseCompletion(Json.MAPPER.readTree(resp.body()), upstreamModel, request);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(llmgw.pipeline.GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not an OpenAI chat completion"), e);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException {
        HttpResponse<InputStream> resp = UpstreamCalls.await(client.sendAsync(post(request, upstreamModel, true), HttpResponse.BodyHandlers.ofInputStream()), readTimeout);
        InputStream body = UpstreamCalls.streamBody(resp);
        return new OpenAiStream(body, readTimeout, request);
    }

    private HttpRequest post(ChatRequest request, String upstreamModel, boolean stream) {
        return request("/chat/completions", stream ? "text/event-stream" : "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(request, upstreamModel, stream))).build();
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(readTimeout).header("Accept", accept);
        if (apiKey != null && !apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    @Override
    public Embeddings embed(ChatRequest request, String upstreamModel) throws ProviderException {
        HttpRequest req = request("/embeddings", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EmbeddingsAndModels.body(request, upstreamModel))).build();
        HttpResponse<byte[]> resp = UpstreamCalls.await(client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()), readTimeout);
        if (resp.statusCode() / 100 != 2) throw UpstreamErrors.fromStatus(resp.statusCode(), resp.body());
        return EmbeddingsAndModels.parse(resp.body(), upstreamModel, request);
    }

    @Override
    public List<String> models() throws ProviderException {
        HttpResponse<byte[]> resp = UpstreamCalls.await(client.sendAsync(request("/models", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray()), readTimeout);
        if (resp.statusCode() / 100 != 2) throw UpstreamErrors.fromStatus(resp.statusCode(), resp.body());
        return EmbeddingsAndModels.modelIds(resp.body());
    }

    static byte[] body(ChatRequest request, String upstreamModel, boolean stream) {
        ObjectNode root = request.params().deepCopy();
        // Ollama-only settings (num_ctx, top_k, ...) from the Ollama surface: OpenAI refuses fields it does not know.
        root.remove("options");
        root.put("model", upstreamModel);
        if (request.maxTokens() != null) { // the request's cap, which policy may have set or lowered
            root.put("max_tokens", request.maxTokens());
            if (root.has("max_completion_tokens")) root.put("max_completion_tokens", request.maxTokens());
        }
        var messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode msg = messages.addObject();
            msg.put("role", m.role());
            msg.set("content", m.content());
            msg.setAll(m.extra());
        }
        if (stream) {
            root.put("stream", true);
            // Usage is always asked for so the audit row has real token counts.
            root.putObject("stream_options").put("include_usage", true);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Completion parseCompletion(JsonNode root, String upstreamModel, ChatRequest request) {
        List<Completion.Choice> choices = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (JsonNode ch : root.path("choices")) {
            ChoiceParts c = ChoiceParts.of(ch, "message", choices.size());
            if (c.content() != null) all.append(c.content());
            choices.add(new Completion.Choice(c.index(), c.content(), c.extra(), c.finishReason()));
        }
        if (choices.isEmpty()) throw new IllegalArgumentException("no choices");
        String model = root.path("model").isTextual() ? root.path("model").asText() : upstreamModel;
        return new Completion(model, choices, usage(root.path("usage"), request, all.length()));
    }

    /** The upstream's usage, or an estimate when it sent none. */
    static Usage usage(JsonNode u, ChatRequest request, int completionChars) {
        if (u.isObject() && u.path("prompt_tokens").isInt()) {
            return new Usage(u.path("prompt_tokens").asInt(), u.path("completion_tokens").asInt());
        }
        return new Usage(Usage.estimateTokens(request.promptChars()), Usage.estimateTokens(completionChars));
    }
}
