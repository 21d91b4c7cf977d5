package llmgw.stage.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in one map. Each key is updated inside {@link ConcurrentHashMap#compute}, so
 * concurrent requests on one key are serialised and counted exactly, while different keys never
 * contend on a shared lock.
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private static final int SWEEP_ABOVE = 100_000;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public InMemoryRateLimiter() {
        this(System::nanoTime);
    }

    public InMemoryRateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    private record Bucket(double tokens, long atNanos) {
        Bucket refilled(Rate rate, long now) {
            double perNano = rate.perMinute() / 60e9;
            return new Bucket(Math.min(rate.burst(), tokens + (now - atNanos) * perNano), now);
        }
    }

    @Override
    public Decision tryAcquire(String key, Rate rate) {
        long now = nanoClock.getAsLong();
        boolean[] taken = new boolean[1];
        Bucket b = buckets.compute(key, (k, old) -> {
            Bucket cur = old == null ? new Bucket(rate.burst(), now) : old.refilled(rate, now);
            if (cur.tokens() >= 1) {
                taken[0] = true;
                return new Bucket(cur.tokens() - 1, now);
            }
            return cur;
        });
        if (buckets.size() > SWEEP_ABOVE) sweep(rate, now);
        return decision(taken[0], b, rate);
    }

    private static Decision decision(boolean allowed, Bucket b, Rate rate) {
        double secondsPerToken = 60.0 / rate.perMinute();
        long reset = (long) Math.ceil((rate.burst() - b.tokens()) * secondsPerToken);
        long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens()) * secondsPerToken));
        return new Decision(allowed, rate.perMinute(), (int) Math.floor(b.tokens()), reset, retry);
    }

    /** Forgets buckets that are full again: they hold no information. */
    private void sweep(Rate rate, long now) {
        buckets.entrySet().removeIf(e -> e.getValue().refilled(rate, now).tokens() >= rate.burst());
    }
}
