package llmgw.pipeline;

/** Who is calling, as established by authentication. */
public record Principal(String subject, String tenant, Role role, String method) {

    public enum Role {
        USER, ADMIN;

        /** Parses a claim value; null when the value is not a known role. */
        public static Role parse(String value) {
            if (value == null) return null;
            return switch (value) {
                case "user" -> USER;
                case "admin" -> ADMIN;
                default -> null;
            };
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Key under which this caller's own limits are counted. */
    public String limitKey() {
        return tenant + "/" + subject;
    }
}
