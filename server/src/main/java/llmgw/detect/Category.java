package llmgw.detect;

/** What kind of thing a finding is. */
public enum Category {
    PII, SECRET, INJECTION, CUSTOM;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
