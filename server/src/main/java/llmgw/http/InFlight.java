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

    /** During shutdown, answers 503 and tells the client to reconnect elsewhere; true when it did. */
    boolean refuseWhileDraining(io.javalin.http.Context ctx) {
        if (!draining) return false;
        ctx.header("Connection", "close");
        Responses.error(ctx, llmgw.pipeline.GatewayError.unavailable("shutting_down",
                "the gateway is shutting down; retry on another instance"), java.util.Map.of());
        return true;
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
