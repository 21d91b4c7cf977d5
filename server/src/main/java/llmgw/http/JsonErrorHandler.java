package llmgw.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;

/**
 * Errors Jetty answers itself, before llmgw sees the request (a malformed Content-Length, a bad
 * request line), in the same OpenAI error form and with a request id, instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

    private static byte[] body(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        return OpenAiResponseEncoder.error(new GatewayError(status, status >= 500 ? "api_error" : "invalid_request_error",
                "http_" + status, "the HTTP request could not be processed: " + (message == null ? reason : message), null));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, RequestIds.from(null));
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(RequestIds.HEADER, RequestIds.from(null));
        return ByteBuffer.wrap(body(status, reason));
    }
}
