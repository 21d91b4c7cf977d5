package llmgw.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts requests being served, so shutdown can wait for them; and says when the gateway is draining. */
public final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean draining;

    void enter() {
        count.incrementAndGet();
    }

    void exit() {
        count.decrementAndGet();
    }

    public boolean draining() {
        return draining;
    }

    /** Stops taking new requests and waits up to {@code grace} for the running ones; true if all finished. */
    public boolean drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (count.get() > 0) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public int count() {
        return count.get();
    }
}
