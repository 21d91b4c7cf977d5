package llmgw.pipeline;

/**
 * An error the client sees, in terms every API codec can render: HTTP status,
 * OpenAI error {@code type}, a stable machine {@code code} and a safe message
 * (never a secret, a token or a stack trace).
 */
public record GatewayError(int status, String type, String code, String message, String param) {

    public static GatewayError invalidRequest(String code, String message) {
        return new GatewayError(400, "invalid_request_error", code, message, null);
    }

    public static GatewayError invalidParam(String param, String code, String message) {
        return new GatewayError(400, "invalid_request_error", code, message, param);
    }

    public static GatewayError unauthorized(String code, String message) {
        return new GatewayError(401, "authentication_error", code, message, null);
    }

    public static GatewayError forbidden(String code, String message) {
        return new GatewayError(403, "permission_error", code, message, null);
    }

    public static GatewayError notFound(String code, String message) {
        return new GatewayError(404, "not_found_error", code, message, null);
    }

    public static GatewayError tooLarge(String code, String message) {
        return new GatewayError(413, "invalid_request_error", code, message, null);
    }

    public static GatewayError unsupportedMediaType(String message) {
        return new GatewayError(415, "invalid_request_error", "unsupported_media_type", message, null);
    }

    public static GatewayError rateLimited(String code, String message) {
        return new GatewayError(429, "rate_limit_error", code, message, null);
    }

    public static GatewayError badGateway(String code, String message) {
        return new GatewayError(502, "upstream_error", code, message, null);
    }

    public static GatewayError gatewayTimeout(String message) {
        return new GatewayError(504, "upstream_error", "upstream_timeout", message, null);
    }

    public static GatewayError unavailable(String code, String message) {
        return new GatewayError(503, "api_error", code, message, null);
    }

    public static GatewayError internal(String requestId) {
        return new GatewayError(500, "api_error", "internal_error",
                "internal error; quote request id " + requestId + " when reporting it", null);
    }

    public GatewayException toException() {
        return new GatewayException(this);
    }
}
