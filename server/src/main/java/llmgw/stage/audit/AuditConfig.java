package llmgw.stage.audit;

import llmgw.config.Problems;

/**
 * The audit log.
 *
 * @param storeBodies keep prompt and answer text on the row (off: only metadata is stored)
 * @param queueCapacity rows waiting for the writer before request threads block
 */
public record AuditConfig(Boolean storeBodies, Integer queueCapacity, Integer batchSize) {
    public AuditConfig {
        if (storeBodies == null) storeBodies = false;
        if (queueCapacity == null) queueCapacity = 10_000;
        if (batchSize == null) batchSize = 500;
    }

    public static AuditConfig defaults() {
        return new AuditConfig(null, null, null);
    }

    public void validate(Problems p) {
        p.atLeast("audit.queue_capacity", queueCapacity, 1);
        p.atLeast("audit.batch_size", batchSize, 1);
    }
}
