package llmgw.detect;

import java.util.Locale;

/** How bad a finding is; thresholds such as {@code --fail-on} compare these. */
public enum Severity {
    LOW, MEDIUM, HIGH;

    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("severity '" + s + "' is not low, medium or high");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
