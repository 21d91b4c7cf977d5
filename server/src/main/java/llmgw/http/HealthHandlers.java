package llmgw.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import llmgw.api.Json;

/** {@code /healthz} (the process answers) and {@code /readyz} (it can serve traffic, with each check). */
public final class HealthHandlers {
    private final Map<String, BooleanSupplier> checks;
    private final String mode;
    private final boolean devMode;
    private final InFlight inFlight;

    public HealthHandlers(Map<String, BooleanSupplier> checks, String mode, boolean devMode, InFlight inFlight) {
        this.checks = new LinkedHashMap<>(checks);
        this.mode = mode;
        this.devMode = devMode;
        this.inFlight = inFlight;
    }

    public void healthz(Context ctx) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode().put("status", "ok");
        Responses.json(ctx, 200, Json.MAPPER.writeValueAsBytes(root));
    }

    public void readyz(Context ctx) throws IOException {
        boolean ready = !inFlight.draining();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("accepting", ready ? "ok" : "draining");
        for (var check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            out.put(check.getKey(), ok ? "ok" : "failing");
            ready &= ok;
        }
        root.put("ready", ready);
        root.put("mode", mode);
        root.put("dev", devMode);
        root.set("checks", out);
        Responses.json(ctx, ready ? 200 : 503, Json.MAPPER.writeValueAsBytes(root));
    }
}
