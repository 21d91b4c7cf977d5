package llmgw.stage.provider.ollama;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import llmgw.chat.ProviderException;
import llmgw.stage.provider.http.UpstreamCalls;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.provider.http.UpstreamErrors;

/** The HTTP side of the Ollama provider: one client, the server root, the optional key and the read timeout. */
final class OllamaHttp implements AutoCloseable {

    private final HttpClient client;
    private final String base;
    private final String apiKey;
    private final Duration readTimeout;

    OllamaHttp(ProviderConfig cfg, String apiKey) {
        this.client = UpstreamCalls.client(cfg);
        this.base = cfg.baseUrl().replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.readTimeout = cfg.readTimeout();
    }

    Duration readTimeout() {
        return readTimeout;
    }

    HttpRequest post(String path, byte[] body, boolean stream) {
        return request(path, stream).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    HttpRequest get(String path) {
        return request(path, false).GET().build();
    }

    private HttpRequest.Builder request(String path, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(readTimeout)
                .header("Accept", stream ? "application/x-ndjson" : "application/json");
        // Ollama itself has no keys; a proxy in front of it may want one.
        if (apiKey != null && !apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    /** A whole answer; non-2xx statuses are left to the caller, who may want to look at them. */
    HttpResponse<byte[]> send(HttpRequest request) throws ProviderException {
        return UpstreamCalls.await(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()), readTimeout);
    }

    /** A streamed answer, once its head has arrived; a non-2xx status is thrown as the client's error. */
    InputStream open(HttpRequest request) throws ProviderException {
        HttpResponse<InputStream> resp = UpstreamCalls.await(client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()), readTimeout);
        return UpstreamCalls.streamBody(resp);
    }

    /** Throws the client's error for a non-2xx answer. */
    static HttpResponse<byte[]> ok(HttpResponse<byte[]> resp) throws ProviderException {
        if (resp.statusCode() / 100 != 2) throw UpstreamErrors.fromStatus(resp.statusCode(), resp.body());
        return resp;
    }

    @Override
    public void close() {
        client.close();
    }
}
