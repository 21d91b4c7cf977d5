package llmgw.stage.audit;

/**
 * Which rows to read.
 *
 * @param statusFrom lowest status to include, 0 for any
 */
public record AuditFilter(String tenant, int statusFrom, int statusTo) {
    public static final AuditFilter ALL = new AuditFilter(null, 0, 0);

    /** Parses {@code 4xx}, {@code 5xx} or an exact status such as {@code 429}. */
    public static AuditFilter of(String tenant, String status) {
        if (status == null || status.isBlank()) return new AuditFilter(tenant, 0, 0);
        String s = status.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.matches("[1-5]xx")) {
            int base = (s.charAt(0) - '0') * 100;
            return new AuditFilter(tenant, base, base + 99);
        }
        if (s.matches("[1-5]\\d\\d")) {
            int exact = Integer.parseInt(s);
            return new AuditFilter(tenant, exact, exact);
        }
        throw new IllegalArgumentException("status filter '" + status + "' is not a status; use 4xx, 5xx or an exact code such as 429");
    }
}
