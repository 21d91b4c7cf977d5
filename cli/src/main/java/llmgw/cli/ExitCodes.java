package llmgw.cli;

/** What {@code llmgw} exits with. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and failed: bad config, unreachable database, invalid token input. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
