package llmgw.stage.audit;

import java.util.List;

/**
 * One audit row: who asked for what, what the gateway decided and why, what it cost.
 *
 * @param decision {@code allow}, {@code deny} (stopped by the gateway) or {@code error} (failed upstream or inside)
 * @param prompt the prompt text, only when {@code audit.store_bodies} is on; otherwise null
 * @param injectionScore the request's prompt-injection risk, null when it was not scanned
 * @param detectionSummary e.g. {@code EMAIL:redact x2, secret.aws_access_key_id:block}; null when nothing was found
 * @param detections what the guards found, without values (rows of the detection table)
 * @param governance who paid, which policy decided, whether the cache answered; never null
 */
public record AuditRecord(
        long seq,
        String requestId,
        long timeMillis,
        String tenant,
        String subject,
        String clientIp,
        String endpoint,
        String model,
        String provider,
        int status,
        String decision,
        List<String> reasons,
        long latencyMs,
        int promptTokens,
        int completionTokens,
        boolean streamed,
        String errorClass,
        String prompt,
        String completion,
        Double injectionScore,
        String detectionSummary,
        List<AuditDetection> detections,
        Governance governance) {

    /**
     * The policy and budget side of a row.
     *
     * @param keyId the API key used, or null
     * @param tier the caller's tier, or null
     * @param policyVersion the policy that decided ({@code local:N}, {@code opa:path}), null when none was asked
     * @param costTier the model's cost tier, null when no provider was reached
     * @param budgetUnits cost-weighted tokens counted against budgets
     * @param costUsd dollars by the price table, null when the model has no price
     * @param cacheStatus {@code HIT}, {@code MISS} or {@code BYPASS} when the response cache is on, else null
     */
    public record Governance(String keyId, String tier, String policyVersion, String costTier, long budgetUnits, Double costUsd,
                             String cacheStatus) {
        public static final Governance NONE = new Governance(null, null, null, null, 0, null, null);

        public Governance(String keyId, String tier, String policyVersion, String costTier, long budgetUnits, Double costUsd) {
            this(keyId, tier, policyVersion, costTier, budgetUnits, costUsd, null);
        }
    }
}
