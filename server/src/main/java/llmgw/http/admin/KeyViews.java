package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import llmgw.api.Json;
import llmgw.stage.auth.keys.ApiKey;

/** How an API key is shown over HTTP and by {@code llmgw keys list --json}: everything but the secret. */
public final class KeyViews {
    private KeyViews() {}

    public static ObjectNode json(ApiKey k, Instant now) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", k.id());
        n.put("prefix", k.prefix());
        n.put("name", k.name());
        n.put("tenant", k.tenant());
        n.put("role", k.role().wireName());
        n.put("tier", k.tier());
        n.set("models", Json.MAPPER.valueToTree(k.models()));
        n.set("endpoints", Json.MAPPER.valueToTree(k.providers()));
        n.put("rpm", k.rpm());
        n.put("daily_tokens", k.dailyTokens());
        n.put("created_at", k.createdAt().toString());
        n.put("expires_at", k.expiresAt() == null ? null : k.expiresAt().toString());
        n.put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString());
        n.put("status", k.status(now));
        return n;
    }
}
