package llmgw.detect.custom;

import llmgw.config.Problems;

/**
 * An organisation's own pattern, as written in the config's {@code guard.rules}.
 *
 * @param pattern an RE2 regular expression (no backreferences or lookaround), matched in linear time
 * @param action {@code block}, {@code redact} or {@code alert}
 * @param entity the placeholder label when redacting, e.g. EMPLOYEE_ID gives {@code <EMPLOYEE_ID_1>}
 * @param maxLength longest text one match can span; bounds what streaming redaction holds back
 */
public record CustomRule(String name, String pattern, String action, String severity, String entity, Integer maxLength) {
    public CustomRule {
        if (action == null) action = "alert";
        if (severity == null) severity = "medium";
        if (entity == null && name != null) entity = name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        if (maxLength == null) maxLength = 256;
    }

    public void validate(String path, Problems p) {
        if (name == null || name.isBlank()) p.add(path + ".name", "is missing");
        if (pattern == null || pattern.isEmpty()) {
            p.add(path + ".pattern", "is missing");
        } else {
            try {
                com.google.re2j.Pattern.compile(pattern);
            } catch (com.google.re2j.PatternSyntaxException e) {
                p.add(path + ".pattern", "rule '" + name + "' has an invalid pattern: " + e.getDescription()
                        + " (patterns use RE2 syntax: no backreferences or lookaround)");
            }
        }
        if (!action.equals("block") && !action.equals("redact") && !action.equals("alert")) {
            p.add(path + ".action", "is '" + action + "'; use block, redact or alert");
        }
        try {
            llmgw.detect.Severity.parse(severity);
        } catch (IllegalArgumentException e) {
            p.add(path + ".severity", "is '" + severity + "'; use low, medium or high");
        }
        if (maxLength < 1 || maxLength > 100_000) p.add(path + ".max_length", "is " + maxLength + "; use 1 to 100000");
    }
}
