package llmgw.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import llmgw.api.Json;
import llmgw.pipeline.Exchange;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.validate.ModelCatalog;

/** {@code GET /v1/models}: the models this caller may use, in OpenAI's list shape. */
public final class ModelsHandler implements PipelineEndpoint.Action {
    private final ModelCatalog catalog;

    public ModelsHandler(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public PipelineEndpoint.Reply run(Exchange ex, Context ctx) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        for (ModelRoute m : catalog.visibleTo(ex.principal())) {
            data.addObject().put("id", m.name()).put("object", "model").put("created", 0).put("owned_by", m.provider());
        }
        return PipelineEndpoint.Reply.ok(root);
    }
}
