package llmgw.stage.audit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import llmgw.pipeline.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves audit rows off the request path: request threads put rows on a bounded queue and one
 * writer thread drains it in batches, one transaction a batch. A full queue makes request threads
 * wait (back-pressure) rather than lose a row; {@link #close()} writes everything still queued.
 *
 * <p>While rows keep coming, the writer drains the queue every {@link #LINGER} on its own clock instead of
 * being woken for each row: a wake-up from the request thread cost it up to a tenth of a millisecond
 * (the woken writer can take its core). Only a writer that has gone idle is woken by a new row.
 */
public final class AuditWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    /** How long a row may wait for the next batch while traffic flows. */
    static final long LINGER = TimeUnit.MILLISECONDS.toNanos(5);
    /** Quiet drains in a row (about 100 ms of no rows) before the writer goes idle. */
    private static final int IDLE_AFTER = 20;
    /** An idle writer's sleep; a new row, {@link #awaitWritten} or {@link #close} cut it short. */
    static final long IDLE_PARK = TimeUnit.SECONDS.toNanos(2);

    private final AuditStore store;
    private final BlockingQueue<AuditRecord> queue;
    private final int batchSize;
    /** Room an {@link #offer} leaves free, so that a flood of refusals cannot make admitted requests wait for room. */
    private final int offerReserve;
    private final Thread thread;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Rows counted as submitted that never went in (an offer that found the queue full, an interrupted wait). */
    private final AtomicLong unqueued = new AtomicLong();
    private volatile boolean closing;
    /** The writer has left its loop: a row that arrives now is too late for it. */
    private volatile boolean stopped;
    private volatile boolean failing;
    /** The writer found no rows for a while and sleeps until a row wakes it. */
    private volatile boolean idle;
    /** Submits between their check of {@code closing} and their put: the writer waits for them before it stops. */
    private final java.util.concurrent.atomic.AtomicInteger entering = new java.util.concurrent.atomic.AtomicInteger();

    public AuditWriter(AuditStore store, int capacity, int batchSize) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.offerReserve = capacity / 4;
        this.thread = Thread.ofPlatform().name("llmgw-audit-writer").daemon(true).start(this::run);
    }

    /** Rows waiting in the queue. */
    int queued() {
        return queue.size();
    }

    /** Queues a row, waiting while the queue is full. */
    public void submit(AuditRecord row) {
        enqueue(row, true);
    }

    /**
     * Queues a row if there is room beyond a quarter of the queue kept for {@link #submit}, else drops it and
     * says so: for a request turned away under overload, whose row must not make it wait (and hold a thread)
     * where admitted requests are bounded, nor take the room admitted requests' rows need.
     */
    public boolean offer(AuditRecord row) {
        if (queue.remainingCapacity() > offerReserve && enqueue(row, false)) return true;
        if (stopped) return false; // said already, as a late row
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) log.warn("audit queue full: {} rows of requests turned away at the door dropped so far", n);
        return false;
    }

    private boolean enqueue(AuditRecord row, boolean wait) {
        entering.incrementAndGet();
        try {
            if (stopped) {
                // Later than the shutdown drain (a request that outlived the grace period): say so, loudly.
                log.error("audit row for request {} arrived after the audit log was closed and is lost", row.requestId());
                return false;
            }
            submitted.incrementAndGet(); // before the row is in: a waiter must count it before the writer can
            if (!queue.offer(row)) {
                if (!wait) {
                    unqueued.incrementAndGet(); // counted, never coming: waiters add these to the written ones
                    return false;
                }
                LockSupport.unpark(thread); // full: the writer must not be lingering while we wait for room
                queue.put(row);
            }
            if (idle) LockSupport.unpark(thread);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unqueued.incrementAndGet();
            log.error("interrupted while queueing audit row {}", row.requestId());
            return false;
        } finally {
            entering.decrementAndGet();
        }
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(batchSize);
        int quiet = 0;
        while (!closing || !queue.isEmpty() || entering.get() > 0) {
            int n = writeBatch(batch);
            if (n > 0) {
                quiet = 0;
                if (n == batchSize) continue; // more are waiting
            }
            if (closing) {
                Thread.onSpinWait(); // a submit is between its check and its offer
                continue;
            }
            if (++quiet < IDLE_AFTER) {
                LockSupport.parkNanos(LINGER);
            } else {
                idle = true;
                // A row queued before idle was set is seen here; one queued after it finds idle set and wakes us.
                if (queue.isEmpty()) LockSupport.parkNanos(IDLE_PARK);
                idle = false;
            }
        }
        stopped = true;
        // A submit that had not seen stopped is counted in entering (set before it looked): its row is written too.
        while (entering.get() > 0 || !queue.isEmpty()) {
            if (writeBatch(batch) == 0) Thread.onSpinWait();
        }
    }

    /** Writes what is queued, up to one batch; returns how many rows. */
    private int writeBatch(List<AuditRecord> batch) {
        queue.drainTo(batch, batchSize);
        int n = batch.size();
        if (n == 0) return 0;
        writeWithRetry(batch);
        written.addAndGet(n);
        batch.clear();
        return n;
    }

    /**
     * A write that fails (disk full, locked database) is retried, so rows wait rather than vanish. A row the
     * store cannot write at all (a bug, not the database) must neither end the writer nor stop every other row
     * behind it: the batch is written again row by row, and the row that fails alone is dropped, loudly.
     */
    private void writeWithRetry(List<AuditRecord> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.insert(batch);
                failing = false;
                return;
            } catch (RuntimeException bug) {
                if (batch.size() > 1) {
                    for (AuditRecord row : batch) writeWithRetry(List.of(row));
                } else {
                    log.error("audit row for request {} cannot be written and is dropped", batch.getFirst().requestId(), bug);
                }
                return;
            } catch (SQLException e) {
                failing = true;
                if (closing && attempt >= 5) {
                    log.error("giving up on {} audit rows at shutdown after {} attempts: {}", batch.size(), attempt, e.getMessage());
                    return;
                }
                log.error("audit write of {} rows failed (attempt {}), retrying: {}", batch.size(), attempt, e.getMessage());
                try {
                    Thread.sleep(Math.min(5_000, 100L * attempt));
                } catch (InterruptedException ie) {
                    // keep retrying; close() waits for us
                }
            }
        }
    }

    /**
     * Waits until every row submitted so far has been dealt with: in the database, or dropped and logged (a row
     * the store cannot take, rows given up at shutdown, an offer that found no room). Readers of the audit log
     * call it so that the rows of calls just made are there.
     */
    public boolean awaitWritten(Duration timeout) {
        long target = submitted.get();
        LockSupport.unpark(thread); // no need to wait out the writer's linger
        return Deadline.await(() -> written.get() + unqueued.get() >= target, timeout);
    }

    /** False while writes fail or after the writer stopped: readiness reports it. */
    public boolean healthy() {
        return thread.isAlive() && !failing && !closing;
    }

    /** Rows the writer has taken off the queue and dealt with (written, or dropped as unwritable and logged). */
    public long written() {
        return written.get();
    }

    /** Stops taking rows, writes every queued one, then closes the database. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.close();
        } catch (SQLException e) {
            log.warn("closing the audit database: {}", e.getMessage());
        }
    }
}
