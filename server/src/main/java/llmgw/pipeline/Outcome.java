package llmgw.pipeline;

/** What a stage decided: go on, or stop with an error the client will see. */
public sealed interface Outcome {

    Outcome NEXT = new Next();

    record Next() implements Outcome {}

    record Reject(GatewayError error) implements Outcome {}

    static Outcome reject(GatewayError error) {
        return new Reject(error);
    }
}
