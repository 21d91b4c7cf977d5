package llmgw.detect;

import java.text.Normalizer;

/**
 * Undoes the Unicode tricks used to slip text past filters, before any detector looks at it:
 * NFKC (full-width and other compatibility forms), zero-width and bidi control characters,
 * Unicode tag characters (which can smuggle invisible ASCII), and Cyrillic or Greek letters that
 * look Latin. It keeps a map from each output character back to the original text, so findings
 * point at what the user actually sent.
 */
public final class Sanitizer {
    private Sanitizer() {}

    /** What sanitizing removed or changed. */
    public record Report(int invisible, int bidi, int tags, int homoglyphs, int compatibility) {
        public static final Report NONE = new Report(0, 0, 0, 0, 0);

        public boolean clean() {
            return invisible + bidi + tags + homoglyphs + compatibility == 0;
        }
    }

    /**
     * @param toOriginal for each character of {@code text}, the index of the original character it
     *                   came from; null when the text needed no change
     * @param hiddenText ASCII spelled with tag characters, which renders as nothing
     */
    public record Sanitized(String original, String text, int[] toOriginal, Report report, String hiddenText) {
        public int originalStart(int i) {
            return toOriginal == null ? i : toOriginal[i];
        }

        public int originalEnd(int end) {
            if (toOriginal == null) return end;
            return end >= text.length() ? original.length() : toOriginal[end];
        }
    }

    public static Sanitized sanitize(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) i++;
        if (i == n) return new Sanitized(s, s, null, Report.NONE, ""); // plain ASCII: nothing to undo, nothing copied

        StringBuilder out = new StringBuilder(n);
        int[] map = new int[n + 8];
        int len = 0;
        int invisible = 0, bidi = 0, tags = 0, homoglyphs = 0, compat = 0;
        StringBuilder hidden = new StringBuilder();
        for (int at = 0; at < n; ) {
            int cp = s.codePointAt(at);
            int width = Character.charCount(cp);
            if (cp < 0x80) {
                int runEnd = at + 1; // copy a run of ASCII at once
                while (runEnd < n && s.charAt(runEnd) < 0x80) runEnd++;
                map = ensure(map, len + runEnd - at);
                for (int k = at; k < runEnd; k++) map[len++] = k;
                out.append(s, at, runEnd);
                at = runEnd;
                continue;
            } else if (cp >= 0xE0000 && cp <= 0xE007F) {
                tags++;
                if (cp >= 0xE0020 && cp <= 0xE007E) hidden.append((char) (cp - 0xE0000));
            } else if (isBidiControl(cp)) {
                bidi++;
            } else if (isInvisible(cp)) {
                invisible++;
            } else {
                String norm = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                if (norm.length() != width || norm.codePointAt(0) != cp) compat++;
                for (int k = 0; k < norm.length(); k++) {
                    char c = norm.charAt(k);
                    char folded = Homoglyphs.fold(c);
                    if (folded != c) homoglyphs++;
                    map = ensure(map, len + 1);
                    map[len++] = at;
                    out.append(folded);
                }
            }
            at += width;
        }
        int[] toOriginal = java.util.Arrays.copyOf(map, len);
        return new Sanitized(s, out.toString(), toOriginal, new Report(invisible, bidi, tags, homoglyphs, compat), hidden.toString());
    }

    private static int[] ensure(int[] map, int size) {
        return size <= map.length ? map : java.util.Arrays.copyOf(map, Math.max(size, map.length * 2));
    }

    static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    static boolean isInvisible(int cp) {
        return cp == 0x00AD || cp == 0x180E || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF
                || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}
