package llmgw.stage.limits;

/** A request rate: up to {@code burst} at once, refilling at {@code perMinute}. */
public record Rate(int perMinute, int burst) {

    /** A rate with the same default burst as the config: the whole minute's allowance, at most 20. */
    public static Rate perMinute(int perMinute) {
        return new Rate(perMinute, Math.max(1, Math.min(perMinute, 20)));
    }
}
