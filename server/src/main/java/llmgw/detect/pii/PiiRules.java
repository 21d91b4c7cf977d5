package llmgw.detect.pii;

import static llmgw.detect.Category.PII;

import java.util.List;
import llmgw.detect.PatternRule;
import llmgw.detect.Severity;

/** Personal data that must not leave unnoticed: contact details, government and financial identifiers, addresses. */
public final class PiiRules {
    private PiiRules() {}

    private static final String NOT_BEFORE = "(?<![\\w+.-])";
    private static final String NOT_AFTER = "(?![\\w-])";
    private static final String H = "[0-9A-Fa-f]{1,4}";
    /** Full, compressed ({@code a:b::c}) and leading-compressed ({@code ::1}) forms; {@link Checksums#ipv6} checks the rest. */
    private static final String IPV6 = "(?<![:\\w])(?:(?:" + H + ":){7}" + H + "|(?:" + H + ":){1,7}:(?:" + H + "(?::" + H + "){0,6})?|::"
            + H + "(?::" + H + "){0,6})(?![:\\w])";

    private static boolean hexOrColon(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
    }

    private static boolean localPart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    public static List<PatternRule> all() {
        return List.of(
                PatternRule.of("pii.email", PII, "EMAIL", Severity.MEDIUM).anyOf("@").before(64).backOver(PiiRules::localPart).maxLength(680)
                        .regex("(?<![\\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![\\w-])"),
                PatternRule.of("pii.us_ssn", PII, "US_SSN", Severity.HIGH).minDigits(9).before(1).maxLength(11).valid(Checksums::ssn)
                        .regex("(?<![\\d-])\\d{3}([- ])\\d{2}\\1\\d{4}(?![\\d-])"),
                PatternRule.of("pii.credit_card", PII, "CREDIT_CARD", Severity.HIGH).minDigits(13).before(1).maxLength(23).valid(Checksums::card)
                        // Groups of four with one separator (the last group up to seven), Amex's 4-6-5, or one run of digits:
                        // a date or a short number after the card stays outside the match instead of spoiling its checksum.
                        .regex("(?<![\\d-])(?:[2-6]\\d{3}([ -]?)\\d{4}\\1\\d{4}\\1\\d{1,7}|3[47]\\d{2}([ -]?)\\d{6}\\2\\d{5}|[2-6]\\d{12,18})(?![\\d])"),
                PatternRule.of("pii.iban", PII, "IBAN", Severity.HIGH).minDigits(2).lettersBefore(2).minRun(15).before(2).maxLength(42).valid(Checksums::iban)
                        .regex("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])"),
                PatternRule.of("pii.phone", PII, "PHONE", Severity.MEDIUM).minDigits(7).before(1).maxLength(32).valid(Checksums::phone).score(0.8)
                        .regex(NOT_BEFORE + "(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?|\\d{1,4}[ .-])(?:\\d{2,4}[ .-]){0,3}\\d{2,8}"
                                + "(?:\\s?(?:x|ext\\.?)\\s?\\d{1,6})?" + NOT_AFTER
                                + "|" + NOT_BEFORE + "\\+[1-9]\\d{7,14}" + NOT_AFTER
                                + "|" + NOT_BEFORE + "\\d{3}\\.\\d{3}\\.\\d{4}" + NOT_AFTER),
                PatternRule.of("pii.ipv4", PII, "IP_ADDRESS", Severity.LOW).minDigits(4).minDots(3).before(1).maxLength(15)
                        .regex("(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d]|\\.\\d)"),
                PatternRule.of("pii.ipv6", PII, "IP_ADDRESS", Severity.LOW).anyOf("::", ":").before(40).backOver(PiiRules::hexOrColon).maxLength(45).valid(Checksums::ipv6)
                        .regex(IPV6));
    }
}
