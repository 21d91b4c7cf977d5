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
     * @param toOriginal where each character of {@code text} came from in the original; null when
     *                   the text needed no change
     * @param hiddenText ASCII spelled with tag characters, which renders as nothing
     */
    public record Sanitized(String original, String text, OffsetMap toOriginal, Report report, String hiddenText) {
        public int originalStart(int i) {
            return toOriginal == null ? i : toOriginal.toOriginal(i);
        }

        /** The end of the original character the match's last character came from (which may have expanded). */
        public int originalEnd(int end) {
            if (toOriginal == null || end == 0) return end;
            int last = toOriginal.toOriginal(end - 1);
            return last + Character.charCount(original.codePointAt(last));
        }
    }

    public static Sanitized sanitize(String s) {
        int n = s.length();
        if (!needsWork(s)) return new Sanitized(s, s, null, Report.NONE, ""); // nothing to undo, nothing copied

        // NFKC can lengthen a character (up to 18 chars for U+FDFA); grow then, not before.
        char[] out = new char[n + 16];
        OffsetMap map = new OffsetMap();
        int len = 0;
        int invisible = 0, bidi = 0, tags = 0, homoglyphs = 0, compat = 0;
        StringBuilder hidden = new StringBuilder();
        for (int at = 0; at < n; ) {
            char ch = s.charAt(at);
            if (ch < 0x80) {
                int runEnd = at + 1; // copy a run of ASCII at once
                while (runEnd < n && s.charAt(runEnd) < 0x80) runEnd++;
                if (len + runEnd - at > out.length) out = java.util.Arrays.copyOf(out, len + n - at + 16);
                s.getChars(at, runEnd, out, len);
                map.mark(len, at);
                len += runEnd - at;
                at = runEnd;
                continue;
            }
            if (!Character.isSurrogate(ch) && keeps(ch)) { // the common case: an accent, a dash, CJK
                if (len + 1 + (n - at) > out.length) out = java.util.Arrays.copyOf(out, out.length + n / 4 + 16);
                map.mark(len, at);
                out[len++] = ch;
                at++;
                continue;
            }
            int cp = s.codePointAt(at);
            int width = Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                tags++;
                if (cp >= 0xE0020 && cp <= 0xE007E) hidden.append((char) (cp - 0xE0000));
            } else if (isBidiControl(cp)) {
                bidi++;
            } else if (isInvisible(cp)) {
                invisible++;
            } else {
                String norm = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                if (norm.length() != width || norm.codePointAt(0) != cp) compat++;
                if (len + norm.length() + (n - at) > out.length) out = java.util.Arrays.copyOf(out, out.length + norm.length() + n / 4 + 16);
                for (int k = 0; k < norm.length(); k++) {
                    char c = norm.charAt(k);
                    char folded = Homoglyphs.fold(c);
                    if (folded != c) homoglyphs++;
                    map.mark(len, at);
                    out[len++] = folded;
                }
            }
            at += width;
        }
        return new Sanitized(s, new String(out, 0, len), map,
                new Report(invisible, bidi, tags, homoglyphs, compat), hidden.toString());
    }

    /** True when some character would change: most text, accents and dashes included, needs no copy. */
    private static boolean needsWork(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) continue;
            if (Character.isSurrogate(c)) {
                int cp = s.codePointAt(i);
                i++;
                if ((cp >= 0xE0000 && cp <= 0xE007F) || isInvisible(cp)) return true;
                if (!Normalizer.isNormalized(new String(Character.toChars(cp)), Normalizer.Form.NFKC)) return true;
            } else if (!keeps(c)) {
                return true;
            }
        }
        return false;
    }

    /** Per BMP character: 0 not yet known, 1 passes unchanged, 2 needs work. Filled as characters are met. */
    private static final byte[] BMP = new byte[65536];

    /** True when sanitizing leaves this character as it is; the answer is worked out once per character. */
    private static boolean keeps(char c) {
        byte known = BMP[c];
        if (known == 0) {
            boolean keep = !isBidiControl(c) && !isInvisible(c) && Homoglyphs.fold(c) == c
                    && Normalizer.isNormalized(String.valueOf(c), Normalizer.Form.NFKC);
            known = keep ? (byte) 1 : (byte) 2;
            BMP[c] = known; // racing threads compute the same value
        }
        return known == 1;
    }

    /**
     * The text with invisible, bidi-control and tag characters removed and nothing else changed: what
     * the gateway forwards, so a model never reads instructions the guard could not see.
     */
    public static String stripInvisible(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) < 0x80) i++;
        if (i == n) return s;
        StringBuilder out = null;
        for (int at = 0; at < n; ) {
            int cp = s.codePointAt(at);
            int w = Character.charCount(cp);
            boolean drop = cp >= 0x80 && ((cp >= 0xE0000 && cp <= 0xE007F) || isBidiControl(cp) || isInvisible(cp));
            if (drop && out == null) out = new StringBuilder(n).append(s, 0, at);
            if (!drop && out != null) out.appendCodePoint(cp);
            at += w;
        }
        return out == null ? s : out.toString();
    }

    static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * Characters that render as nothing: every format character (Unicode category Cf: zero-width
     * spaces and joiners, word joiners, invisible operators, interlinear annotation marks, musical
     * formatting), variation selectors, the combining grapheme joiner, Mongolian free variation
     * selectors, Khmer inherent vowels and the Hangul fillers.
     */
    static boolean isInvisible(int cp) {
        return Character.getType(cp) == Character.FORMAT
                || cp == 0x034F || (cp >= 0x180B && cp <= 0x180F) || cp == 0x17B4 || cp == 0x17B5
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}
