package llmgw.chat;

import llmgw.pipeline.GatewayError;

/** A provider call that failed, already mapped to what the client should see. */
public final class ProviderException extends Exception {
    private final GatewayError error;

    public ProviderException(GatewayError error) {
        super(error.message());
        this.error = error;
    }

    public ProviderException(GatewayError error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}
