package llmgw.stage.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import llmgw.api.Json;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.pipeline.Operation;
import llmgw.pipeline.Principal;

/**
 * The cache key of a request: SHA-256 over the tenant (and an API key's endpoint pins), the
 * operation, the model and the normalized request. The tenant is part of the key, so one tenant's answer can never be served to another.
 */
final class CacheKeys {
    /** Fields that change how an answer is delivered, not what it says. */
    private static final Set<String> DELIVERY = Set.of("stream", "stream_options", "user", "metadata", "store");

    private CacheKeys() {}

    static String of(Principal who, Operation op, ChatRequest r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("tenant", who.tenant()).put("op", op.name()).put("model", r.model());
        // A key pinned to some endpoints must not get an answer another endpoint gave.
        if (who.key() != null && !who.key().providers().isEmpty()) n.set("pins", Json.MAPPER.valueToTree(who.key().providers()));
        var messages = n.putArray("messages");
        for (ChatMessage m : r.messages()) messages.addObject().put("role", m.role()).<ObjectNode>set("content", m.content()).setAll(m.extra());
        if (r.maxTokens() != null) n.put("max_tokens", r.maxTokens());
        if (r.context() != null) n.set("context", Json.MAPPER.valueToTree(r.context()));
        ObjectNode params = r.params() == null ? Json.MAPPER.createObjectNode() : r.params().deepCopy();
        params.remove(DELIVERY);
        n.set("params", params);
        try {
            // Sorted keys: the same request spelled in another field order has the same key.
            byte[] canonical = SORTED.writeValueAsBytes(Json.MAPPER.treeToValue(n, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = Json.MAPPER.copy()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
}
