package llmgw.cli;

/**
 * A command line that parsed but asks for something invalid, found by the command itself (a bad
 * key spec, an unreadable date). It exits {@link ExitCodes#USAGE} with its one-line message.
 */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
