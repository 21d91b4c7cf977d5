package llmgw.stage.provider.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One endpoint's breaker: closed (calls pass, outcomes counted over a sliding window), open (calls
 * refused until the wait is over), half-open (a few trial calls; all succeed → closed, one fails →
 * open again).
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final RoutingConfig.CircuitBreakerConfig cfg;
    private final Clock clock;
    private final Deque<Boolean> window = new ArrayDeque<>();
    private State state = State.CLOSED;
    private Instant openedAt;
    private int trials;
    private int trialSuccesses;

    public CircuitBreaker(RoutingConfig.CircuitBreakerConfig cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
    }

    /** Whether a call may go to the endpoint now; in half-open this takes one of the trial slots. */
    public synchronized boolean tryPass() {
        if (!cfg.enabled()) return true;
        if (state == State.OPEN) {
            if (clock.instant().isBefore(openedAt.plus(cfg.waitDuration()))) return false;
            state = State.HALF_OPEN;
            trials = 0;
            trialSuccesses = 0;
        }
        if (state == State.HALF_OPEN) {
            if (trials >= cfg.permittedHalfOpenCalls()) return false;
            trials++;
        }
        return true;
    }

    /** A call let through but never made (the route could not serve the request): its trial slot comes back. */
    public synchronized void abandon() {
        if (state == State.HALF_OPEN && trials > 0) trials--;
    }

    public synchronized void onSuccess() {
        if (!cfg.enabled()) return;
        if (state == State.HALF_OPEN) {
            if (++trialSuccesses >= cfg.permittedHalfOpenCalls()) {
                state = State.CLOSED;
                window.clear();
            }
            return;
        }
        record(true);
    }

    public synchronized void onFailure() {
        if (!cfg.enabled() || state == State.OPEN) return; // a late failure does not stretch the wait
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        record(false);
        if (window.size() >= cfg.minimumCalls() && failureRate() >= cfg.failureRateThreshold()) open();
    }

    /** The state as a caller would meet it now (an open breaker past its wait shows as half-open). */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(cfg.waitDuration()))) return State.HALF_OPEN;
        return state;
    }

    /** Percent of failures in the window, 0 when empty. */
    public synchronized int failureRate() {
        if (window.isEmpty()) return 0;
        long failures = window.stream().filter(ok -> !ok).count();
        return (int) (failures * 100 / window.size());
    }

    public synchronized int calls() {
        return window.size();
    }

    private void record(boolean ok) {
        window.addLast(ok);
        while (window.size() > cfg.windowSize()) window.removeFirst();
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.instant();
        window.clear();
    }
}
