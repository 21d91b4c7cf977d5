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
        return refuseWhileDraining(ctx, null);
    }

    /** As above, with the error in the shape of the API called (OpenAI's when {@code codec} is null). */
    boolean refuseWhileDraining(io.javalin.http.Context ctx, llmgw.api.ApiCodec codec) {
        if (!draining) return false;
        ctx.header("Connection", "close");
        var error = llmgw.pipeline.GatewayError.unavailable("shutting_down", "the gateway is shutting down; retry on another instance");
        if (codec == null) Responses.error(ctx, error, java.util.Map.of());
        else ctx.status(503).contentType("application/json").result(codec.error(error));
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
