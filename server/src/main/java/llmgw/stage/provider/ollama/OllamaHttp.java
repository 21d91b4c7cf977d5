package llmgw.stage.provider.ollama;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.http.UpstreamClient;

/** The HTTP side of the Ollama provider: one client for the server root, and the optional key. */
final class OllamaHttp implements AutoCloseable {

    private final UpstreamClient client;
    private final String apiKey;

    OllamaHttp(ProviderConfig cfg, String apiKey) {
        this.client = new UpstreamClient(cfg);
        this.apiKey = apiKey;
    }

    Duration readTimeout() {
        return client.readTimeout();
    }

    /** A whole answer; non-2xx statuses are left to the caller, who may want to look at them. */
    UpstreamClient.Reply post(String path, byte[] body) throws ProviderException {
        return client.post(path, headers(false), body);
    }

    UpstreamClient.Reply get(String path) throws ProviderException {
        return client.get(path, headers(false));
    }

    /** A streamed answer, once its head has arrived; a non-2xx status is thrown as the client's error. */
    InputStream stream(String path, byte[] body) throws ProviderException {
        return client.stream(path, headers(true), body);
    }

    private Map<String, String> headers(boolean stream) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", stream ? "application/x-ndjson" : "application/json");
        // Ollama itself has no keys; a proxy in front of it may want one.
        if (apiKey != null && !apiKey.isEmpty()) h.put("Authorization", "Bearer " + apiKey);
        return h;
    }

    @Override
    public void close() {
        client.close();
    }
}
