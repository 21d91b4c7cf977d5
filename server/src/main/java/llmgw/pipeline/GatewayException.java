package llmgw.pipeline;

/** Carries a {@link GatewayError} out of code that cannot return an {@link Outcome}, such as a decoder. */
public final class GatewayException extends RuntimeException {
    private final GatewayError error;

    public GatewayException(GatewayError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}
