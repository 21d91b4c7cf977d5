package llmgw.stage.provider.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
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
import llmgw.chat.Usage;
import llmgw.pipeline.GatewayError;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.http.UpstreamClient;

/**
 * Ollama's native API at {@code base_url}, the server root ({@code http://127.0.0.1:11434}, no
 * {@code /v1}): chat on {@code /api/chat}, embeddings on {@code /api/embed} (or the older
 * {@code /api/embeddings} on servers without it), the model list on {@code /api/tags}.
 */
public final class OllamaProvider implements Provider {
    private final OllamaHttp http;

    /** @param env where the key named by {@code api_key_env} is read, when one is named */
    public OllamaProvider(ProviderConfig cfg, Map<String, String> env) {
        this.http = new OllamaHttp(cfg, cfg.apiKeyEnv() == null ? null : env.get(cfg.apiKeyEnv()));
    }

    @Override
    public Completion complete(ChatRequest request, String upstreamModel) throws ProviderException {
        UpstreamClient.Reply resp = http.post("/api/chat", OllamaChat.body(request, upstreamModel, false)).ok();
        try {
            return OllamaChat.completion(Json.MAPPER.readTree(resp.body()), upstreamModel, request);
        } catch (IOException | RuntimeException e) {
            throw badResponse("an Ollama chat answer", e);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request, String upstreamModel) throws ProviderException {
        return new OllamaStream(http.stream("/api/chat", OllamaChat.body(request, upstreamModel, true)), http.readTimeout(), request);
    }

    @Override
    public Embeddings embed(ChatRequest request, String upstreamModel) throws ProviderException {
        List<String> inputs = request.messages().stream().filter(m -> m.role().equals("user")).map(ChatMessage::text).toList();
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", upstreamModel);
        inputs.forEach(body.putArray("input")::add);
        if (request.params().hasNonNull("dimensions")) body.set("dimensions", request.params().get("dimensions"));
        UpstreamClient.Reply resp = http.post("/api/embed", bytes(body));
        // A server older than /api/embed answers a bare 404 page; a missing model is a 404 with an error message.
        if (resp.status() == 404 && !hasError(resp.body())) return embedOneByOne(inputs, upstreamModel, request);
        resp.ok();
        try {
            JsonNode root = Json.MAPPER.readTree(resp.body());
            List<double[]> vectors = new ArrayList<>();
            for (JsonNode v : root.path("embeddings")) vectors.add(vector(v));
            if (vectors.size() != inputs.size()) throw new IllegalArgumentException("expected " + inputs.size() + " embeddings");
            int prompt = root.path("prompt_eval_count").isInt() ? root.path("prompt_eval_count").asInt() : Usage.estimateTokens(request.promptChars());
            return new Embeddings(upstreamModel, vectors, new Usage(prompt, 0));
        } catch (IOException | RuntimeException e) {
            throw badResponse("an Ollama embed answer", e);
        }
    }

    /** The older {@code /api/embeddings} takes one prompt a call and reports no token counts. */
    private Embeddings embedOneByOne(List<String> inputs, String upstreamModel, ChatRequest request) throws ProviderException {
        List<double[]> vectors = new ArrayList<>();
        for (String input : inputs) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("model", upstreamModel).put("prompt", input);
            UpstreamClient.Reply resp = http.post("/api/embeddings", bytes(body)).ok();
            try {
                vectors.add(vector(Json.MAPPER.readTree(resp.body()).path("embedding")));
            } catch (IOException | RuntimeException e) {
                throw badResponse("an Ollama embeddings answer", e);
            }
        }
        return new Embeddings(upstreamModel, vectors, new Usage(Usage.estimateTokens(request.promptChars()), 0));
    }

    @Override
    public List<String> models() throws ProviderException {
        UpstreamClient.Reply resp = http.get("/api/tags").ok();
        try {
            List<String> names = new ArrayList<>();
            for (JsonNode m : Json.MAPPER.readTree(resp.body()).path("models")) {
                if (!m.path("name").isTextual()) throw new IllegalArgumentException("a model without a name");
                names.add(m.path("name").asText());
            }
            return names;
        } catch (IOException | RuntimeException e) {
            throw badResponse("an Ollama model list", e);
        }
    }

    private static double[] vector(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) throw new IllegalArgumentException("not a vector");
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) throw new IllegalArgumentException("not a number");
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static boolean hasError(byte[] body) {
        try {
            return Json.MAPPER.readTree(body).path("error").isTextual();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProviderException badResponse(String what, Exception cause) {
        return new ProviderException(GatewayError.badGateway("upstream_bad_response",
                "the upstream answered with a body that is not " + what), cause);
    }

    @Override
    public void close() {
        http.close();
    }
}
