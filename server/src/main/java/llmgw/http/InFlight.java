package llmgw.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import llmgw.pipeline.Deadline;

/** Counts requests being served, so shutdown can wait for them; and says when the gateway is draining. */
public final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final int max;
    private volatile boolean draining;

    public InFlight(int max) {
        this.max = max;
    }

    /** Counts a request in; false (and nothing counted) when {@code max} are already being served. */
    boolean tryEnter() {
        if (count.incrementAndGet() <= max) return true;
        count.decrementAndGet();
        return false;
    }

    void exit() {
        count.decrementAndGet();
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Admits a request or answers for it: 503 {@code shutting_down} while draining (and tells the client
     * to reconnect elsewhere), 503 {@code overloaded} when full. True when admitted; the caller must then
     * call {@link #exit()}. {@code errors} writes the error in the shape of the API called.
     */
    boolean admit(io.javalin.http.Context ctx, java.util.function.Function<llmgw.pipeline.GatewayError, byte[]> errors) {
        llmgw.pipeline.GatewayError refusal;
        if (draining) {
            ctx.header("Connection", "close");
            refusal = llmgw.pipeline.GatewayError.unavailable("shutting_down", "the gateway is shutting down; retry on another instance");
        } else if (!tryEnter()) {
            ctx.header("Retry-After", "1");
            refusal = llmgw.pipeline.GatewayError.unavailable("overloaded", "the gateway is serving " + max + " requests already; retry shortly");
        } else {
            return true;
        }
        Responses.json(ctx, 503, errors.apply(refusal));
        return false;
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
