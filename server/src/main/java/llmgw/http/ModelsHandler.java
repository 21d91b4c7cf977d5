package llmgw.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmgw.api.Json;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Pipeline;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.validate.ModelCatalog;

/** {@code GET /v1/models}: the models this caller may use, in OpenAI's list shape. */
public final class ModelsHandler implements Handler {
    private final Pipeline auth;
    private final ModelCatalog catalog;

    public ModelsHandler(Pipeline auth, ModelCatalog catalog) {
        this.auth = auth;
        this.catalog = catalog;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        Exchange ex = new Exchange(ctx.res().getHeader(RequestIds.HEADER), ctx.ip(), "/v1/models", ctx::header, null, new byte[0], false, null);
        if (auth.run(ex) instanceof Outcome.Reject r) {
            Responses.error(ctx, r.error(), ex.responseHeaders());
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        for (ModelRoute m : catalog.visibleTo(ex.principal())) {
            data.addObject().put("id", m.name()).put("object", "model").put("created", 0).put("owned_by", m.provider());
        }
        Responses.json(ctx, 200, Json.MAPPER.writeValueAsBytes(root));
    }

}
