package llmgw.pipeline;

/**
 * One step of the gateway pipeline. A stage reads and adds to the {@link Exchange};
 * it stops the request by returning a {@link Outcome.Reject}, never by writing a response itself.
 */
public interface Stage {

    /** Runs in pipeline order until a stage rejects. */
    Outcome onRequest(Exchange ex);

    /** Runs, last stage first, once the provider has answered: response guards rewrite the answer or wrap its stream. */
    default void onResponse(Exchange ex) {}

    /** Runs for every stage after the response is written, also after a reject or an error: audit, telemetry. */
    default void onComplete(Exchange ex) {}
}
