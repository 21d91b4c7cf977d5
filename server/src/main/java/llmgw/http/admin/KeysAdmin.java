package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import llmgw.api.Json;
import llmgw.http.PipelineEndpoint.Reply;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.stage.auth.keys.ApiKey;
import llmgw.stage.auth.keys.KeySpec;
import llmgw.stage.auth.keys.KeyStore;

/** {@code POST/GET /admin/keys} and {@code DELETE /admin/keys/{id}}: the key is shown once, at creation. */
public final class KeysAdmin {
    private final KeyStore keys;
    private final Clock clock;
    private final Set<String> configuredTenants;

    /** @param configuredTenants the tenants named under {@code tenants:}, to warn about keys for others */
    public KeysAdmin(KeyStore keys, Clock clock, Set<String> configuredTenants) {
        this.keys = keys;
        this.clock = clock;
        this.configuredTenants = Set.copyOf(configuredTenants);
    }

    public Reply create(Exchange ex, Context ctx) throws IOException {
        KeySpec spec = AdminBodies.read(ex, KeySpec.class);
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) throw GatewayError.invalidRequest("invalid_key_spec", String.join("; ", problems)).toException();
        KeyStore.Created created;
        try {
            created = keys.create(spec, clock.instant());
        } catch (SQLException e) {
            throw storeFailure(e);
        }
        ex.reasons().add("admin: created API key " + created.key().id() + " (" + created.key().tenant() + "/" + created.key().name() + ")");
        ObjectNode out = KeyViews.json(created.key(), clock.instant());
        out.put("key", created.secret());
        if (!configuredTenants.isEmpty() && !configuredTenants.contains(created.key().tenant())) {
            // JWT callers of any tenant are let in too, so this is no error; but a typo would escape the tenant's limits.
            out.put("warning", "tenant '" + created.key().tenant() + "' is not among the configured tenants " + configuredTenants
                    + ": no tenant model list or budget applies to this key");
        }
        return new Reply(201, out);
    }

    public Reply list(Exchange ex, Context ctx) {
        String tenant = ctx.queryParam("tenant");
        try {
            ObjectNode out = Json.MAPPER.createObjectNode();
            var data = out.putArray("data");
            for (ApiKey k : keys.list(tenant == null || tenant.isBlank() ? null : tenant)) data.add(KeyViews.json(k, clock.instant()));
            return Reply.ok(out);
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    public Reply revoke(Exchange ex, Context ctx) {
        String id = ctx.pathParam("id");
        try {
            ApiKey k = keys.revoke(id, clock.instant()).orElseThrow(() ->
                    GatewayError.notFound("key_not_found", "there is no API key with id '" + id + "'").toException());
            ex.reasons().add("admin: revoked API key " + id);
            return Reply.ok(KeyViews.json(k, clock.instant()));
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    private static RuntimeException storeFailure(SQLException e) {
        org.slf4j.LoggerFactory.getLogger(KeysAdmin.class).error("API key store failed: {}", e.getMessage());
        return GatewayError.unavailable("key_store_unavailable", "the API key store cannot be used right now").toException();
    }
}
