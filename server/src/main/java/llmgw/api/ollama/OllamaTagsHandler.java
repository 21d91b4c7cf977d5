package llmgw.api.ollama;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import llmgw.api.Json;
import llmgw.http.PipelineEndpoint;
import llmgw.pipeline.Exchange;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.validate.ModelCatalog;

/**
 * {@code GET /api/tags}: the models this caller may use, in Ollama's list shape. The gateway has no
 * model files, so size and digest are empty and {@code modified_at} is when the gateway started.
 */
public final class OllamaTagsHandler implements PipelineEndpoint.Action {
    private final ModelCatalog catalog;
    private final String started = Instant.now().toString();

    public OllamaTagsHandler(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public PipelineEndpoint.Reply run(Exchange ex, Context ctx) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        var models = root.putArray("models");
        for (ModelRoute m : catalog.visibleTo(ex.principal())) {
            ObjectNode entry = models.addObject().put("name", m.name()).put("model", m.name()).put("modified_at", started)
                    .put("size", 0).put("digest", "");
            entry.putObject("details");
        }
        return PipelineEndpoint.Reply.ok(root);
    }
}
