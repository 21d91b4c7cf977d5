package llmgw.stage.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.Embeddings;
import llmgw.chat.Provider;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.http.UpstreamClient;
import llmgw.chat.Usage;
import llmgw.stage.provider.ProviderConfig;

/**
 * Any OpenAI-compatible upstream: {@code POST {base_url}/chat/completions}, {@code POST {base_url}/embeddings}
 * and {@code GET {base_url}/models}.
 */
public final class OpenAiProvider implements Provider {

    private final UpstreamClient client;
    private final String apiKey;

    public OpenAiProvider(ProviderConfig cfg, String apiKey) {
        this.client = new UpstreamClient(cfg);
        this.apiKey = apiKey;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public Completion complete(ChatRequest request, String upstreamModel) throws ProviderException {
        byte[] answer = client.post("/chat/completions", headers("application/json"), body(request, upstreamModel, false)).ok().body();
        try {
            return parseCompletion(Json.MAPPER.readTree(answer), upstreamModel, request);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(llmgw.pipeline.GatewayError.badGateway("upstream_bad_response",
                    "the upstream answered with a body that is not an OpenAI chat completion"), e);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException {
        InputStream body = client.stream("/chat/completions", headers("text/event-stream"), body(request, upstreamModel, true));
        return new OpenAiStream(body, client.readTimeout(), request);
    }

    private Map<String, String> headers(String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        if (apiKey != null && !apiKey.isEmpty()) h.put("Authorization", "Bearer " + apiKey);
        return h;
    }

    @Override
    public Embeddings embed(ChatRequest request, String upstreamModel) throws ProviderException {
        byte[] answer = client.post("/embeddings", headers("application/json"), EmbeddingsAndModels.body(request, upstreamModel)).ok().body();
        return EmbeddingsAndModels.parse(answer, upstreamModel, request);
    }

    @Override
    public List<String> models() throws ProviderException {
        return EmbeddingsAndModels.modelIds(client.get("/models", headers("application/json")).ok().body());
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
