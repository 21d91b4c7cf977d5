package llmgw.stage.policy;

/**
 * Decides whether one request may go on. Implementations: the local YAML rules and Open Policy
 * Agent. A decision is made for every request that reaches the policy stage and is recorded on
 * its audit row with the version of the policy that made it.
 */
public interface PolicyEngine extends AutoCloseable {

    /** Never throws: an engine that cannot decide answers with its configured failure decision. */
    PolicyDecision decide(PolicyInput input);

    /** {@code LOCAL} or {@code OPA}, as {@code /readyz} reports it. */
    String mode();

    /** Whether the engine can decide right now (for {@code /readyz}). */
    default boolean ready() {
        return true;
    }

    @Override
    default void close() {}
}
