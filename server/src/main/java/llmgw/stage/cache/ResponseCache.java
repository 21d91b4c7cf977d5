package llmgw.stage.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import llmgw.chat.Completion;
import llmgw.chat.Embeddings;

/** Answers by request key, each for the TTL; the least recently used goes first when full. In memory only. */
public final class ResponseCache {
    /** A cached answer: a completion or embeddings. */
    public record Entry(Completion completion, Embeddings embeddings, Instant expires) {}

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries;

    public ResponseCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ResponseCache.Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public synchronized Entry get(String key) {
        Entry e = entries.get(key);
        if (e == null) return null;
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    public synchronized void put(String key, Completion completion, Embeddings embeddings) {
        entries.put(key, new Entry(completion, embeddings, clock.instant().plus(ttl)));
    }

    public synchronized int size() {
        return entries.size();
    }
}
