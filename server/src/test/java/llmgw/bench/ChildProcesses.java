package llmgw.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the processes a benchmark starts (gateways, relays): politely first, so that they can clean up, then by force. */
final class ChildProcesses {
    private ChildProcesses() {}

    /** Asks the process to stop (SIGTERM), and kills it if it has not stopped within {@code grace}. */
    static void stop(Process process, Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly().waitFor();
    }
}
