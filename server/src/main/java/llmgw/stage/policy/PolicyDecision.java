package llmgw.stage.policy;

import java.util.List;

/**
 * What the policy engine decided.
 *
 * @param reasons why, in words a person reads on the audit row and in a 403 message
 * @param version the policy that decided: {@code local:N} for the Nth local policy, {@code opa:<path>} for OPA
 * @param maxTokens a cap on the answer the policy imposes, or null for none
 */
public record PolicyDecision(boolean allow, List<String> reasons, String version, Integer maxTokens) {
    public PolicyDecision {
        reasons = List.copyOf(reasons);
    }

    public static PolicyDecision allow(String version, List<String> reasons) {
        return new PolicyDecision(true, reasons, version, null);
    }

    public static PolicyDecision deny(String version, List<String> reasons) {
        return new PolicyDecision(false, reasons, version, null);
    }
}
