package llmgw.stage.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import java.util.concurrent.TimeoutException;
import llmgw.api.Json;
import llmgw.chat.ProviderException;
import llmgw.pipeline.GatewayError;

/** Maps what an upstream answered (or failed to) onto the error the client sees; shared by the HTTP providers. */
public final class UpstreamErrors {
    private UpstreamErrors() {}

    /**
     * 4xx are the client's to fix and pass through with the upstream's message, except 401/403:
     * those mean the gateway's own upstream key is wrong, which the client cannot fix. 5xx become 502.
     */
    public static ProviderException fromStatus(int status, byte[] body) {
        if (status == 401 || status == 403) {
            return new ProviderException(GatewayError.badGateway("upstream_auth_failed",
                    "the upstream refused the gateway's credentials (HTTP " + status + "); check the provider's API key"));
        }
        if (status >= 400 && status < 500) {
            String message = "upstream rejected the request (HTTP " + status + ")";
            String type = "invalid_request_error";
            String code = "upstream_" + status;
            try {
                JsonNode err = Json.MAPPER.readTree(body).path("error");
                if (err.isTextual()) message = "upstream: " + err.asText(); // Ollama's {"error": "..."}
                if (err.path("message").isTextual()) message = "upstream: " + err.path("message").asText();
                if (err.path("type").isTextual()) type = err.path("type").asText();
                if (err.path("code").isTextual()) code = err.path("code").asText();
            } catch (IOException | RuntimeException e) {
                // neither OpenAI- nor Ollama-shaped: keep the generic message
            }
            return new ProviderException(new GatewayError(status, type, code, message, null));
        }
        return new ProviderException(GatewayError.badGateway("upstream_error",
                "the upstream failed (HTTP " + status + "); try again later"));
    }

    /** What a failed call threw: Jetty's client reports a connect timeout as a socket timeout, the others as timeouts. */
    public static ProviderException fromIo(Throwable e, String what) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return new ProviderException(GatewayError.badGateway("upstream_tls_failed",
                        "TLS with the upstream failed: its certificate is not trusted, or the handshake was refused"), e);
            }
        }
        // Jetty's buffering listener refuses a larger answer with this message, and no exception type of its own.
        if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).startsWith("Buffering capacity")) {
            return new ProviderException(GatewayError.badGateway("upstream_answer_too_large",
                    "the upstream's answer is larger than the " + UpstreamClient.MAX_ANSWER_BYTES / (1024 * 1024)
                            + " MB the gateway reads"), e);
        }
        if (e instanceof SocketTimeoutException) {
            return new ProviderException(GatewayError.gatewayTimeout("timed out connecting to the upstream"), e);
        }
        if (e instanceof TimeoutException) {
            return new ProviderException(GatewayError.gatewayTimeout("the upstream did not answer in time (" + what + ")"), e);
        }
        if (e instanceof ConnectException) {
            return new ProviderException(GatewayError.badGateway("upstream_unreachable", "cannot connect to the upstream"), e);
        }
        return new ProviderException(GatewayError.badGateway("upstream_error", "the upstream connection failed"), e);
    }

    public static ProviderException timeout(String what) {
        return new ProviderException(GatewayError.gatewayTimeout("the upstream did not answer in time (" + what + ")"));
    }
}
