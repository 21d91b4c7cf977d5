package llmgw.stage.limits;

/** A request rate: up to {@code burst} at once, refilling at {@code perMinute}. */
public record Rate(int perMinute, int burst) {}
