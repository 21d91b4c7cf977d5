package llmgw.detect.injection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import llmgw.detect.Category;
import llmgw.detect.Detector;
import llmgw.detect.Match;
import llmgw.detect.RegexDetector;
import llmgw.detect.Rule;
import llmgw.detect.ScanText;
import llmgw.detect.Severity;

/** Base64 and hex blobs are decoded and scanned again: instructions hidden in an encoding are still instructions. */
public final class EncodedPayloadDetector implements Detector {
    static final Rule BASE64 = new Rule("inj.encoding.base64_payload", Category.INJECTION, "ENCODING_TRICK", Severity.HIGH);
    static final Rule HEX = new Rule("inj.encoding.hex_payload", Category.INJECTION, "ENCODING_TRICK", Severity.HIGH);
    private static final int MIN_RUN = 24;
    private static final int MAX_RUN = 8000;
    private static final Pattern ESCAPED_HEX = Pattern.compile("(?:\\\\x[0-9A-Fa-f]{2}){8,4000}+");

    private final RegexDetector inner;

    public EncodedPayloadDetector(RegexDetector inner) {
        this.inner = inner;
    }

    @Override
    public void detect(ScanText scan, List<Match> out) {
        String text = scan.string();
        char[] chars = scan.chars();
        // Runs of base64 characters, found by a plain loop: a regex here would cost more than every other rule.
        // A run long enough to matter that starts at or after i covers i + MIN_RUN - 1: when that character
        // cannot be in a run, none starts in between, and the loop jumps (most text never looks at most characters).
        int n = text.length();
        for (int i = 0; i < n; ) {
            int probe = i + MIN_RUN - 1;
            if (probe >= n) break;
            if (!isBase64(chars[probe])) {
                i = probe + 1;
                continue;
            }
            int start = probe;
            while (start > i && isBase64(chars[start - 1])) start--;
            i = probe + 1;
            while (i < n && isBase64(chars[i])) i++;
            int end = i;
            while (end < n && end - i < 2 && chars[end] == '=') end++;
            int len = i - start;
            if (len < MIN_RUN || len > MAX_RUN) continue;
            boolean hexOnly = true;
            for (int k = start; k < i && hexOnly; k++) hexOnly = HEX_CHAR[chars[k]];
            // Hex first; then base64, padded as a decoder wants it (senders often drop the '='), standard or URL-safe.
            if (hexOnly && len % 2 == 0) check(text.substring(start, i), true, start, i, out);
            else if (len % 4 != 1) check(text.substring(start, i), false, start, end, out);
        }
        int at = text.indexOf("\\x");
        if (at < 0) return;
        Matcher m = ESCAPED_HEX.matcher(text);
        while (at >= 0) {
            m.region(at, Math.min(n, at + 16_000));
            if (m.lookingAt()) {
                check(m.group(), true, m.start(), m.end(), out);
                at = text.indexOf("\\x", m.end());
            } else {
                at = text.indexOf("\\x", at + 2);
            }
        }
    }

    private static final boolean[] B64_CHAR = new boolean[128];
    private static final boolean[] HEX_CHAR = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) B64_CHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) B64_CHAR[c] = true;
        for (char c = '0'; c <= '9'; c++) B64_CHAR[c] = HEX_CHAR[c] = true;
        B64_CHAR['+'] = B64_CHAR['/'] = B64_CHAR['-'] = B64_CHAR['_'] = true;
        for (char c = 'a'; c <= 'f'; c++) HEX_CHAR[c] = HEX_CHAR[(char) (c - 32)] = true;
    }

    private static boolean isBase64(char c) {
        return c < 128 && B64_CHAR[c];
    }

    private void check(String blob, boolean hex, int start, int end, List<Match> out) {
        String decoded = decode(blob, hex);
        if (decoded == null) return;
        List<Match> inside = new ArrayList<>();
        inner.detect(ScanText.of(decoded), inside);
        double best = 0;
        for (Match x : inside) best = Math.max(best, x.score());
        if (best > 0) out.add(new Match(hex ? HEX : BASE64, start, end, best));
    }

    /** The decoded text if it is mostly printable; null for binary data, which is no instruction. */
    static String decode(String blob, boolean hex) {
        byte[] bytes;
        try {
            if (hex) {
                bytes = HexFormat.of().parseHex(blob.replace("\\x", ""));
            } else {
                String padded = blob + "==".substring(0, (4 - blob.length() % 4) % 4);
                boolean urlSafe = blob.indexOf('-') >= 0 || blob.indexOf('_') >= 0;
                bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(padded);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        int printable = 0;
        for (byte b : bytes) if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t') printable++;
        if (bytes.length < 12 || printable < bytes.length * 0.9) return null;
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
