package llmgw.stage.cache;

import java.time.Duration;
import llmgw.config.Problems;

/**
 * The exact-match response cache: off unless enabled, since a sampled answer served twice is a
 * choice the operator makes.
 *
 * @param streaming whether streamed requests are answered from the cache too (replayed as a stream)
 */
public record CacheConfig(Boolean enabled, Duration ttl, Integer maxEntries, Boolean streaming) {
    public CacheConfig {
        if (enabled == null) enabled = false;
        if (ttl == null) ttl = Duration.ofMinutes(5);
        if (maxEntries == null) maxEntries = 10_000;
        if (streaming == null) streaming = false;
    }

    public static CacheConfig defaults() {
        return new CacheConfig(null, null, null, null);
    }

    public void validate(Problems p) {
        if (ttl.isZero() || ttl.isNegative()) p.add("cache.ttl", "must be above 0");
        p.atLeast("cache.max_entries", maxEntries, 1);
    }
}
