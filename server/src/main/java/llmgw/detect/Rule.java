package llmgw.detect;

/** Identity of a detection rule: what its findings are called and how severe they are. */
public record Rule(String id, Category category, String entity, Severity severity) {}
