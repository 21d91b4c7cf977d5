package llmgw.http.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.charset.StandardCharsets;
import llmgw.api.Json;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;

/** Request bodies of the admin API: JSON, bound strictly, with errors that say what is wrong. */
final class AdminBodies {
    private AdminBodies() {}

    static <T> T read(Exchange ex, Class<T> type) {
        requireContentType(ex, "application/json");
        byte[] body = ex.body();
        if (body.length == 0) throw GatewayError.invalidRequest("invalid_body", "the request needs a JSON body").toException();
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) throw GatewayError.invalidRequest("invalid_body", "the body must be a JSON object").toException();
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw GatewayError.invalidRequest("invalid_body", "unknown field '" + e.getPropertyName() + "'; known fields: "
                    + e.getKnownPropertyIds()).toException();
        } catch (JsonProcessingException e) {
            throw GatewayError.invalidRequest("invalid_body", "the body is not valid JSON for this endpoint: "
                    + e.getOriginalMessage().lines().findFirst().orElse("")).toException();
        } catch (java.io.IOException e) {
            throw GatewayError.invalidRequest("invalid_body", "the request body could not be read").toException();
        }
    }

    static String text(Exchange ex) {
        return new String(ex.body(), StandardCharsets.UTF_8);
    }

    /** Accepts any of the given media types (parameters such as charset ignored). */
    static void requireContentType(Exchange ex, String... accepted) {
        String ct = ex.contentType() == null ? "" : ex.contentType().split(";", 2)[0].trim();
        for (String a : accepted) if (a.equalsIgnoreCase(ct)) return;
        throw GatewayError.unsupportedMediaType("Content-Type must be " + String.join(" or ", accepted)).toException();
    }
}
