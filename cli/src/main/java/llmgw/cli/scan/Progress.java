package llmgw.cli.scan;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A one-line progress bar on standard error, drawn only on a terminal. */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean on;
    private final int total;
    private int done;

    Progress(PrintWriter err, boolean on, int total) {
        this.err = err;
        this.on = on;
        this.total = total;
    }

    void next(Path file) {
        done++;
        if (!on) return;
        String name = file.toString();
        if (name.length() > 40) name = "…" + name.substring(name.length() - 39);
        err.print("\r\u001B[K[" + "#".repeat(done * WIDTH / total) + " ".repeat(WIDTH - done * WIDTH / total) + "] "
                + done + "/" + total + "  " + name);
        err.flush();
    }

    void done() {
        if (!on) return;
        err.print("\r\u001B[K");
        err.flush();
    }
}
