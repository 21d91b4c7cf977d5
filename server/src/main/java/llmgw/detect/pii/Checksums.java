package llmgw.detect.pii;

import java.math.BigInteger;
import java.util.Locale;

/** The checks that turn a digit pattern into a real identifier. */
public final class Checksums {
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);
    private static final java.util.regex.Pattern DATE_FIRST = java.util.regex.Pattern.compile("(?:19|20)\\d\\d[-./]\\d{1,2}[-./]\\d{1,2}");
    private static final java.util.regex.Pattern DATE_LAST = java.util.regex.Pattern.compile("\\d{1,2}[-./]\\d{1,2}[-./](?:19|20)\\d\\d");
    private static final java.util.regex.Pattern EXTENSION = java.util.regex.Pattern.compile("\\s?(?:x|ext\\.?)\\s?\\d");
    private static final java.util.regex.Pattern SSN_SHAPE = java.util.regex.Pattern.compile("\\d{3}-\\d{2}-\\d{4}");
    private static final java.util.regex.Pattern CARD_SHAPE = java.util.regex.Pattern.compile("\\d{4}([ -])\\d{4}\\1\\d{4}.*");

    private Checksums() {}

    public static String digits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) sb.append(s.charAt(i));
        return sb.toString();
    }

    /** Luhn (mod 10), as every payment card number carries. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** A card: 13 to 19 digits, an issuer prefix that exists, a valid Luhn digit, not all one digit. */
    public static boolean card(String match) {
        String d = digits(match);
        if (d.length() < 13 || d.length() > 19) return false;
        char first = d.charAt(0);
        if (first < '2' || first > '6') return false;
        if (d.chars().distinct().count() == 1) return false;
        return luhn(d);
    }

    /** A US SSN that could be issued: no 000, 666 or 9xx area, no 00 group, no 0000 serial. */
    public static boolean ssn(String match) {
        String d = digits(match);
        if (d.length() != 9) return false;
        int area = Integer.parseInt(d.substring(0, 3));
        int group = Integer.parseInt(d.substring(3, 5));
        int serial = Integer.parseInt(d.substring(5));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /** IBAN mod-97 (ISO 13616): move the country and check digits to the end, letters to numbers. */
    public static boolean iban(String match) {
        String s = match.replace(" ", "").toUpperCase(Locale.ROOT);
        if (s.length() < 15 || s.length() > 34) return false;
        String moved = s.substring(4) + s.substring(0, 4);
        StringBuilder num = new StringBuilder(moved.length() * 2);
        for (int i = 0; i < moved.length(); i++) {
            char c = moved.charAt(i);
            if (c >= '0' && c <= '9') num.append(c);
            else if (c >= 'A' && c <= 'Z') num.append(c - 'A' + 10);
            else return false;
        }
        return new BigInteger(num.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    /** Phone numbers: 7 to 15 digits, and not a calendar date written with dashes or dots. */
    public static boolean phone(String match) {
        String number = EXTENSION.split(match, 2)[0]; // the extension does not count
        String d = digits(number);
        if (d.length() < 7 || d.length() > 15) return false;
        if (SSN_SHAPE.matcher(number).matches() || CARD_SHAPE.matcher(number).matches()) return false;
        return !DATE_FIRST.matcher(number).lookingAt() && !DATE_LAST.matcher(number).matches();
    }

    /** An IPv6 literal with at least a compressed group or all eight groups: not a clock time like 12:30:45. */
    public static boolean ipv6(String match) {
        long colons = match.chars().filter(c -> c == ':').count();
        if (!match.contains("::") && colons != 7) return false;
        if (match.replace(":", "").isEmpty()) return false;
        try {
            java.net.Inet6Address.ofLiteral(match);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
