package llmgw.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import llmgw.api.Json;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Pipeline;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.validate.ModelCatalog;

/** {@code GET /v1/models}: the models this caller may use, in OpenAI's list shape; audited and rate-limited like any call. */
public final class ModelsHandler implements Handler {
    private final Pipeline pipeline;
    private final ModelCatalog catalog;
    private final InFlight inFlight;

    /** @param pipeline audit, auth and rate limit: what a listing needs of the chat pipeline */
    public ModelsHandler(Pipeline pipeline, ModelCatalog catalog, InFlight inFlight) {
        this.pipeline = pipeline;
        this.catalog = catalog;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        if (inFlight.refuseWhileDraining(ctx)) return;
        inFlight.enter();
        Exchange ex = new Exchange(ctx.res().getHeader(RequestIds.HEADER), ctx.ip(), "/v1/models", ctx::header, null,
                () -> new byte[0], null);
        try {
            Outcome outcome = pipeline.run(ex);
            ex.responseHeaders().forEach(ctx::header);
            if (outcome instanceof Outcome.Reject r) {
                ex.status(r.error().status());
                Responses.error(ctx, r.error(), java.util.Map.of());
                return;
            }
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("object", "list");
            var data = root.putArray("data");
            for (ModelRoute m : catalog.visibleTo(ex.principal())) {
                data.addObject().put("id", m.name()).put("object", "model").put("created", 0).put("owned_by", m.provider());
            }
            ex.status(200);
            Responses.json(ctx, 200, Json.MAPPER.writeValueAsBytes(root));
        } catch (RuntimeException e) {
            ex.fail(GatewayError.internal(ex.requestId()));
            ex.status(500);
            throw e;
        } finally {
            pipeline.complete(ex);
            inFlight.exit();
        }
    }
}
