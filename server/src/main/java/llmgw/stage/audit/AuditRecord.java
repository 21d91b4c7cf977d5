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
        List<AuditDetection> detections) {}
