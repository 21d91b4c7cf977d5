package llmgw.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.function.Function;
import llmgw.api.Json;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.GatewayException;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON endpoint behind a pipeline (audit, auth, rate limit, role): the pipeline runs first,
 * then the endpoint's action, whose answer or {@link GatewayException} becomes the response.
 * Every call is audited like a model call.
 */
public final class PipelineEndpoint implements Handler {
    private static final Logger log = LoggerFactory.getLogger(PipelineEndpoint.class);

    /** What the endpoint does once the pipeline let the request through. */
    @FunctionalInterface
    public interface Action {
        /** @throws GatewayException for an answer the client gets as an error */
        Reply run(Exchange ex, Context ctx) throws IOException;
    }

    /** A JSON answer; {@code body} is serialised with the gateway's mapper. */
    public record Reply(int status, Object body) {
        public static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    private final String endpoint;
    private final Pipeline pipeline;
    private final InFlight inFlight;
    private final long maxBodyBytes;
    private final Action action;
    private final Function<GatewayError, byte[]> errorBody;

    /**
     * @param endpoint how the audit log names the endpoint, e.g. {@code PUT /admin/policy}
     * @param errorBody error bodies in the API's shape: OpenAI's, or Ollama's for {@code GET /api/tags}
     */
    public PipelineEndpoint(String endpoint, Pipeline pipeline, InFlight inFlight, long maxBodyBytes, Action action,
                            Function<GatewayError, byte[]> errorBody) {
        this.errorBody = errorBody;
        this.endpoint = endpoint;
        this.pipeline = pipeline;
        this.inFlight = inFlight;
        this.maxBodyBytes = maxBodyBytes;
        this.action = action;
    }

    /** The answer is written after the pipeline completed: the audit row is queued before the client has it. */
    @Override
    public void handle(Context ctx) {
        Exchange ex = new Exchange(ctx.res().getHeader(RequestIds.HEADER), ctx.ip(), endpoint, ctx::header, ctx.contentType(),
                () -> Bodies.read(ctx, maxBodyBytes), null);
        InFlight.Ticket ticket = inFlight.admit(ctx, ex, pipeline, errorBody);
        if (ticket == null) return; // turned away at the door: audited and answered
        byte[] body = null;
        try {
            Outcome outcome = pipeline.run(ex);
            ex.responseHeaders().forEach(ctx::header);
            if (outcome instanceof Outcome.Reject r) {
                body = fail(ex, r.error());
                return;
            }
            Reply reply = action.run(ex, ctx);
            ex.status(reply.status());
            body = Json.MAPPER.writeValueAsBytes(reply.body());
        } catch (GatewayException e) {
            body = fail(ex, e.error());
        } catch (IOException | RuntimeException e) {
            log.error("request {} to {} failed", ex.requestId(), endpoint, e);
            body = fail(ex, GatewayError.internal(ex.requestId()));
        } finally {
            pipeline.complete(ex);
            if (body != null) Responses.json(ctx, ex.status(), body);
            inFlight.exit(ticket); // after the answer: a shutdown waiting for running requests must not cut it off
        }
    }

    private byte[] fail(Exchange ex, GatewayError error) {
        ex.fail(error);
        ex.status(error.status());
        return errorBody.apply(error);
    }
}
