package llmgw.pipeline;

/**
 * What a stage decided: go on, stop with an error the client will see, or stop because the answer
 * is already on the exchange (a cache hit): the later stages' request hooks are skipped, every
 * response and completion hook still runs.
 */
public sealed interface Outcome {

    Outcome NEXT = new Next();
    Outcome ANSWERED = new Answered();

    record Next() implements Outcome {}

    record Answered() implements Outcome {}

    record Reject(GatewayError error) implements Outcome {}

    static Outcome reject(GatewayError error) {
        return new Reject(error);
    }
}
