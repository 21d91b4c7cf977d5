package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.TreeSet;
import llmgw.api.Json;
import llmgw.http.PipelineEndpoint.Reply;
import llmgw.pipeline.Exchange;
import llmgw.stage.provider.routing.Endpoint;
import llmgw.stage.provider.routing.EndpointRegistry;

/** {@code GET /admin/endpoints}: each upstream's health, breaker, load, latency and models. */
public final class EndpointsAdmin {
    private final EndpointRegistry registry;
    private final String strategy;

    public EndpointsAdmin(EndpointRegistry registry, String strategy) {
        this.registry = registry;
        this.strategy = strategy;
    }

    public Reply list(Exchange ex, Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("strategy", strategy);
        var data = out.putArray("data");
        for (Endpoint e : registry.all()) {
            ObjectNode n = data.addObject();
            n.put("name", e.name());
            n.put("type", e.config().type());
            n.put("enabled", e.config().enabled());
            n.put("healthy", e.healthy());
            n.put("last_check", e.lastCheck() == null ? null : e.lastCheck().toString());
            n.put("last_problem", e.lastProblem());
            n.putObject("circuit_breaker").put("state", e.breaker().state().name().toLowerCase(java.util.Locale.ROOT))
                    .put("failure_rate", e.breaker().failureRate()).put("calls", e.breaker().calls());
            n.put("in_flight", e.inFlight());
            n.put("max_concurrent", e.config().maxConcurrent());
            n.put("weight", e.config().weight());
            if (e.latencyMs() < 0) n.putNull("latency_ms");
            else n.put("latency_ms", Math.round(e.latencyMs() * 10) / 10.0);
            n.set("models", Json.MAPPER.valueToTree(e.config().models()));
            n.set("discovered", Json.MAPPER.valueToTree(new TreeSet<>(e.discovered())));
        }
        return Reply.ok(out);
    }
}
