package llmgw.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Errors raised outside the pipeline (no route, wrong method, a bug), in the same JSON form as the rest. */
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
        ctx.status(e.getStatus()).contentType("application/json").result(OpenAiResponseEncoder.error(
                new GatewayError(e.getStatus(), "invalid_request_error", code, message, null)));
    }

    /** Anything a handler did not expect: logged with the request id, answered without details. */
    public static void unexpected(Exception e, Context ctx) {
        String id = ctx.res().getHeader(RequestIds.HEADER);
        log.error("request {} failed", id, e);
        ctx.status(500).contentType("application/json").result(OpenAiResponseEncoder.error(GatewayError.internal(id)));
    }
}
