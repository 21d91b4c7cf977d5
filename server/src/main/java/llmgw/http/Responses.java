package llmgw.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;

/** Writes JSON and error responses. */
public final class Responses {
    private Responses() {}

    /**
     * Writes the body straight to the connection with its length. (Javalin's {@code result} copies a
     * byte array through a fresh 8 KB buffer per response: garbage on every request.)
     */
    public static void json(Context ctx, int status, byte[] body) {
        HttpServletResponse res = ctx.res();
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            // The client went away before its answer was written; nothing is left to tell it.
        }
    }

    public static void error(Context ctx, GatewayError e, Map<String, String> headers) {
        headers.forEach(ctx::header);
        json(ctx, e.status(), OpenAiResponseEncoder.error(e));
    }
}
