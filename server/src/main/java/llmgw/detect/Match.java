package llmgw.detect;

/** A detector's raw hit, in normalized-text offsets, before it becomes a {@link Finding}. */
public record Match(Rule rule, int start, int end, double score) {}
