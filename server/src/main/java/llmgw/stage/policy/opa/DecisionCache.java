package llmgw.stage.policy.opa;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import llmgw.stage.policy.PolicyDecision;

/** Successful OPA decisions by input, each kept for the TTL; the least recently used goes first when full. */
final class DecisionCache {
    private record Cached(PolicyDecision decision, Instant expires) {}

    private final Duration ttl;
    private final Map<String, Cached> entries;

    DecisionCache(Duration ttl, int maxEntries) {
        this.ttl = ttl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized PolicyDecision get(String key, Instant now) {
        Cached e = entries.get(key);
        if (e == null) return null;
        if (!now.isBefore(e.expires())) {
            entries.remove(key);
            return null;
        }
        return e.decision();
    }

    synchronized void put(String key, PolicyDecision decision, Instant now) {
        entries.put(key, new Cached(decision, now.plus(ttl)));
    }
}
