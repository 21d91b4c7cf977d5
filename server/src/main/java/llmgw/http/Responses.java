package llmgw.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/** Writes JSON and error responses. */
public final class Responses {
    private Responses() {}

    /**
     * Writes the body straight to the connection with its length. (Javalin's {@code result} copies a
     * byte array through a fresh 8 KB buffer per response: garbage on every request.)
     */
    public static void json(Context ctx, int status, byte[] body) {
        HttpServletResponse res = ctx.res();
        if (status >= 400) settleUnreadBody(ctx, status);
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
     * A request refused before its body was read (401, 429…) leaves the body on the connection. Closing a
     * connection with unread input makes the kernel reset it, and the reset can destroy the answer before the
     * client reads it: a client still uploading sees a broken pipe instead of its 401. Keeping it open
     * without reading would hand a pooling client a connection that Jetty drops. So the rest of a body of up
     * to {@link #MAX_BODY_DROPPED} is read and thrown away, for at most {@link #DROP_TIME}, and the connection
     * stays usable; a larger body, one without a length, or one that does not arrive in time gets
     * {@code Connection: close}. A body over the size limit (413) is never read, nor is one refused under
     * overload ({@link InFlight} says close itself): that would spend on refusals what the gateway has not got.
     */
    static void settleUnreadBody(Context ctx, int status) {
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        long length = Bodies.length(req);
        if (length == 0 || "close".equalsIgnoreCase(res.getHeader("Connection"))) return;
        boolean worthReading = status != 413 && length != Bodies.UNSIZED && length <= MAX_BODY_DROPPED;
        if (worthReading && dropBody(req)) return;
        res.setHeader("Connection", "close");
    }

    /** Reads what is left of the body and throws it away; false when it did not all come within {@link #DROP_TIME}. */
    private static boolean dropBody(HttpServletRequest req) {
        try {
            if (req.getInputStream().isFinished()) return true; // read already (a 400 or a policy refusal): nothing to drop
            // Only the servlet stream: Jetty's consumeAvailable() fails the content it cannot drain at once.
            EndPoint endPoint = ServletContextRequest.getServletContextRequest(req).getConnectionMetaData().getConnection().getEndPoint();
            long idle = endPoint.getIdleTimeout();
            long deadline = System.nanoTime() + DROP_TIME.toNanos();
            try {
                ServletInputStream in = req.getInputStream();
                byte[] sink = new byte[16 * 1024];
                long timeout = Long.MAX_VALUE;
                while (true) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) return false; // a trickle
                    if (left < timeout - 100) { // a sender that stops fails the read when the time is up (re-armed now and then, not per read)
                        timeout = left;
                        endPoint.setIdleTimeout(timeout);
                    }
                    if (in.read(sink) < 0) return true;
                }
            } finally {
                endPoint.setIdleTimeout(idle);
            }
        } catch (IOException | RuntimeException e) {
            return false; // a broken or stalled body: ending the connection is the safe answer
        }
    }

    /** The largest unread body read and dropped to keep a refused request's connection open. */
    static final long MAX_BODY_DROPPED = 8L * 1024 * 1024;
    /** How long a refused request's body may take to arrive before the connection is given up instead. */
    static final Duration DROP_TIME = Duration.ofSeconds(2);

    public static void error(Context ctx, GatewayError e, Map<String, String> headers) {
        headers.forEach(ctx::header);
        json(ctx, e.status(), OpenAiResponseEncoder.error(e));
    }
}
