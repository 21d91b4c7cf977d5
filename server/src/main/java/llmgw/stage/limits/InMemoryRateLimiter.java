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

    /** A bucket remembers its own rate, so clean-up judges it by the rate it was filled at. */
    private record Bucket(double tokens, long atNanos, Rate rate) {
        Bucket refilled(Rate r, long now) {
            double perNano = r.perMinute() / 60e9;
            return new Bucket(Math.min(r.burst(), tokens + (now - atNanos) * perNano), now, r);
        }

        boolean fullAt(long now) {
            return refilled(rate, now).tokens() >= rate.burst();
        }
    }

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public Decision tryAcquire(String key, Rate rate) {
        long now = nanoClock.getAsLong();
        boolean[] taken = new boolean[1];
        Bucket b = buckets.compute(key, (k, old) -> {
            Bucket cur = old == null ? new Bucket(rate.burst(), now, rate) : old.refilled(rate, now);
            if (cur.tokens() >= 1) {
                taken[0] = true;
                return new Bucket(cur.tokens() - 1, now, rate);
            }
            return cur;
        });
        if (buckets.size() > SWEEP_ABOVE) sweep(now);
        return decision(taken[0], b, rate);
    }

    private static Decision decision(boolean allowed, Bucket b, Rate rate) {
        double secondsPerToken = 60.0 / rate.perMinute();
        long reset = (long) Math.ceil((rate.burst() - b.tokens()) * secondsPerToken);
        long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens()) * secondsPerToken));
        return new Decision(allowed, rate.perMinute(), (int) Math.floor(b.tokens()), reset, retry);
    }

    /** Forgets buckets that are full again (they hold no information), at most once a minute. */
    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_NANOS && last != 0) return;
        if (!lastSweep.compareAndSet(last, now)) return;
        buckets.entrySet().removeIf(e -> e.getValue().fullAt(now));
    }
}
