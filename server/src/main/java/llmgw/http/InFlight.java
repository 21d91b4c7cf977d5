package llmgw.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import llmgw.pipeline.Deadline;

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
        return Deadline.await(() -> count.get() == 0, grace);
    }

    public int count() {
        return count.get();
    }
}
