package llmgw.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.function.Function;
import llmgw.api.anthropic.AnthropicResponseEncoder;
import llmgw.api.ollama.OllamaResponseEncoder;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors raised outside the pipeline (no route, wrong method, a bug), in the error shape of the API the
 * path belongs to, and written like every other answer (an unread request body is settled first).
 */
public final class HttpErrors {
    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    /** Javalin's own refusals: unknown path, wrong method. */
    public static void routing(HttpResponseException e, Context ctx) {
        String code = switch (e.getStatus()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            default -> "http_" + e.getStatus();
        };
        String message = switch (e.getStatus()) {
            case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
            case 405 -> ctx.method() + " is not allowed on " + ctx.path();
            default -> e.getMessage();
        };
        answer(ctx, new GatewayError(e.getStatus(), "invalid_request_error", code, message, null));
    }

    /** Anything a handler did not expect: logged with the request id, answered without details. */
    public static void unexpected(Exception e, Context ctx) {
        String id = ctx.res().getHeader(RequestIds.HEADER);
        log.error("request {} failed", id, e);
        answer(ctx, GatewayError.internal(id));
    }

    private static void answer(Context ctx, GatewayError error) {
        Responses.json(ctx, error.status(), shapeFor(ctx.path()).apply(error));
    }

    /** Ollama's clients read {@code /api/...} errors, Anthropic's {@code /v1/messages}; the rest of {@code /v1} is OpenAI's. */
    static Function<GatewayError, byte[]> shapeFor(String path) {
        if (path.startsWith("/api/")) return OllamaResponseEncoder::error;
        if (path.equals("/v1/messages") || path.startsWith("/v1/messages/")) return AnthropicResponseEncoder::error;
        return OpenAiResponseEncoder::error;
    }
}
