package llmgw.stage.audit;

/** One row of the detection table: a finding on a request, never its value. */
public record AuditDetection(String phase, String location, String rule, String category, String entity, String severity,
                             String action, int start, int end, String fingerprint) {}
