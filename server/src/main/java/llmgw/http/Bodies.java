package llmgw.http;

import io.javalin.http.Context;
import java.io.IOException;
import llmgw.pipeline.GatewayError;

/** Reads a request body up to the configured limit, turning transport failures into client errors. */
public final class Bodies {
    /** What {@link #length} says of a chunked body: it has one, of a size known only once it is read. */
    static final long UNSIZED = -1;

    private Bodies() {}

    /** The body's declared length, 0 for none (a GET), or {@link #UNSIZED} for a chunked one. */
    static long length(jakarta.servlet.http.HttpServletRequest req) {
        long declared = req.getContentLengthLong();
        if (declared >= 0) return declared;
        return req.getHeader("Transfer-Encoding") == null ? 0 : UNSIZED;
    }

    public static byte[] read(Context ctx, long maxBytes) {
        String tooLarge = "request body is larger than server.max_body_bytes (" + maxBytes + " bytes)";
        long declared = ctx.req().getContentLengthLong();
        // No array is larger than Integer.MAX_VALUE - 8, whatever max_body_bytes says.
        if (declared > Math.min(maxBytes, Integer.MAX_VALUE - 8)) throw GatewayError.tooLarge("request_too_large", tooLarge).toException();
        byte[] body;
        try {
            if (declared >= 0) {
                // The usual case: read into an array of the declared size, rather than through growing buffers.
                body = new byte[(int) declared];
                if (ctx.req().getInputStream().readNBytes(body, 0, body.length) < body.length) throw new IOException("short body");
                return body;
            }
            body = ctx.req().getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            // A body cut short (Content-Length larger than what came, broken chunking): the client's fault, not ours.
            throw GatewayError.invalidRequest("invalid_body", "the request body could not be read completely").toException();
        }
        if (body.length > maxBytes) throw GatewayError.tooLarge("request_too_large", tooLarge).toException();
        return body;
    }
}
