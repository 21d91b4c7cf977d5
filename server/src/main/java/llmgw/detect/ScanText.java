package llmgw.detect;

/**
 * Sanitized text as detectors read it: the string for regular expressions, and its characters in
 * an array for the loops that walk every character (an array read costs less than {@code charAt}).
 */
public record ScanText(String string, char[] chars) {
    public static ScanText of(String s) {
        return new ScanText(s, s.toCharArray());
    }

    public int length() {
        return chars.length;
    }
}
