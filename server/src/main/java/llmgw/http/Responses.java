package llmgw.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import jakarta.servlet.http.HttpServletRequest;
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
        if (status >= 400) settleUnreadBody(ctx);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            // The client went away before its answer was written; nothing is left to tell it.
        }
    }

    /**
     * A request refused before its body was read (401, 429…) leaves the body on the connection, and Jetty
     * drops such a connection after the answer without saying so: a client that pools connections would send
     * its next request into it. What of a small body has already arrived is read and dropped, so the
     * connection stays usable; a body that is larger than {@link #MAX_BODY_DROPPED}, has no length, or is
     * still on its way gets {@code Connection: close} instead. Nothing here waits for the client: a refused
     * request must not hold its slot while a slow sender trickles a body in.
     */
    static void settleUnreadBody(Context ctx) {
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        long length = Bodies.length(req);
        if (length == 0 || "close".equalsIgnoreCase(res.getHeader("Connection"))) return;
        if (length != Bodies.UNSIZED && length <= MAX_BODY_DROPPED) {
            try {
                // Jetty's own non-blocking drain: the servlet stream's available() says 0 for content not yet
                // asked for, even when it sits in the connection's buffer.
                if (ServletContextRequest.getServletContextRequest(req).consumeAvailable()) return;
            } catch (RuntimeException e) {
                // a broken body: ending the connection is the safe answer
            }
        }
        res.setHeader("Connection", "close");
    }

    /** The largest unread body dropped to keep a refused request's connection open; a larger one closes it. */
    static final long MAX_BODY_DROPPED = 1024 * 1024;

    public static void error(Context ctx, GatewayError e, Map<String, String> headers) {
        headers.forEach(ctx::header);
        json(ctx, e.status(), OpenAiResponseEncoder.error(e));
    }
}
