package llmgw.http;

import io.javalin.http.Context;
import java.util.Map;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;

/** Writes JSON and error responses. */
public final class Responses {
    private Responses() {}

    public static void json(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType("application/json").result(body);
    }

    public static void error(Context ctx, GatewayError e, Map<String, String> headers) {
        headers.forEach(ctx::header);
        json(ctx, e.status(), OpenAiResponseEncoder.error(e));
    }
}
