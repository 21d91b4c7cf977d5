package llmgw.pipeline;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition that another thread makes true, for at most a given time. */
public final class Deadline {
    private Deadline() {}

    /** Polls every few milliseconds; true if the condition held before the time ran out. */
    public static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
