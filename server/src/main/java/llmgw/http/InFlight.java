package llmgw.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import llmgw.config.ServerConfig;
import llmgw.pipeline.Deadline;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.GatewayException;
import llmgw.pipeline.Pipeline;

/**
 * Counts the requests being served and the body bytes they hold, so that an overload is refused at the
 * door instead of exhausting memory, and so that shutdown can wait for them; says when the gateway is draining.
 */
public final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final int max;
    private final long maxBytes;
    private final long maxBodyBytes;
    private volatile boolean draining;

    public InFlight(ServerConfig server) {
        this(server.maxInFlight(), server.maxInFlightBytes(), server.maxBodyBytes());
    }

    InFlight(int max, long maxBytes, long maxBodyBytes) {
        this.max = max;
        this.maxBytes = maxBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A ticket for one admitted request: give it back with {@link #exit(Ticket)}. */
    public record Ticket(long bytes) {}

    private boolean tryEnter() {
        if (count.incrementAndGet() <= max) return true;
        count.decrementAndGet();
        return false;
    }

    private boolean tryHold(long n) {
        if (bytes.addAndGet(n) <= maxBytes) return true;
        bytes.addAndGet(-n);
        return false;
    }

    void exit(Ticket ticket) {
        bytes.addAndGet(-ticket.bytes());
        count.decrementAndGet();
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Admits a request, or turns it away: 503 {@code shutting_down} while draining (telling the client to
     * reconnect elsewhere), 503 {@code overloaded} when {@code max_in_flight} requests or
     * {@code max_in_flight_bytes} of bodies are being served. Returns the ticket when admitted (the caller
     * must then call {@link #exit(Ticket)}), or null when the request was turned away: the pipeline never
     * ran, but its completion hooks have audited and counted the refusal (the row is offered, never waited
     * for: see {@link Exchange#turnedAway()}), and the answer, in the shape of the API called, is written.
     */
    Ticket admit(Context ctx, Exchange ex, Pipeline pipeline, Function<GatewayError, byte[]> errors) {
        try {
            return admit(ctx);
        } catch (GatewayException refused) {
            ex.turnAway();
            ex.fail(refused.error());
            ex.status(refused.error().status());
            pipeline.complete(ex);
            Responses.json(ctx, refused.error().status(), errors.apply(refused.error()));
            return null;
        }
    }

    /** The ticket, or the refusal thrown with its headers already on the response. */
    private Ticket admit(Context ctx) {
        long body = bodyBytes(ctx);
        if (draining) {
            ctx.header("Connection", "close");
            throw GatewayError.unavailable("shutting_down", "the gateway is shutting down; retry on another instance").toException();
        }
        if (!tryEnter()) {
            throw overloaded(ctx, body, "the gateway is serving " + max + " requests already; retry shortly");
        }
        if (!tryHold(body)) {
            count.decrementAndGet();
            throw overloaded(ctx, body, "the gateway holds " + maxBytes + " bytes of request bodies already; retry shortly");
        }
        return new Ticket(body);
    }

    /** Under overload a refused body is not read: the connection it is on is given up instead. */
    private static GatewayException overloaded(Context ctx, long body, String message) {
        ctx.header("Retry-After", "1");
        if (body > 0) ctx.header("Connection", "close");
        return GatewayError.unavailable("overloaded", message).toException();
    }

    /**
     * What a request's body may hold: its declared length (a larger one than max_body_bytes is refused when
     * read), nothing without a body (a GET), and max_body_bytes for a chunked body of unknown length.
     */
    private long bodyBytes(Context ctx) {
        long length = Bodies.length(ctx.req());
        return length == Bodies.UNSIZED ? maxBodyBytes : Math.min(length, maxBodyBytes);
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
