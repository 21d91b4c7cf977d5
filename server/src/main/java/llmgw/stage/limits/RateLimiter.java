package llmgw.stage.limits;

/** Counts requests per key. Implementations are exact under concurrency. */
public interface RateLimiter {

    /** Takes one request from the key's allowance if there is one. */
    Decision tryAcquire(String key, Rate rate);

    /**
     * @param remaining whole requests left right now
     * @param resetSeconds seconds until the allowance is full again
     * @param retryAfterSeconds seconds until one request is allowed (0 when allowed)
     */
    record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}
}
