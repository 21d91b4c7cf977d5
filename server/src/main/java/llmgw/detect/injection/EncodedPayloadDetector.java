package llmgw.detect.injection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import llmgw.detect.Category;
import llmgw.detect.Detector;
import llmgw.detect.Match;
import llmgw.detect.RegexDetector;
import llmgw.detect.Rule;
import llmgw.detect.Severity;

/** Base64 and hex blobs are decoded and scanned again: instructions hidden in an encoding are still instructions. */
public final class EncodedPayloadDetector implements Detector {
    static final Rule BASE64 = new Rule("inj.encoding.base64_payload", Category.INJECTION, "ENCODING_TRICK", Severity.HIGH);
    static final Rule HEX = new Rule("inj.encoding.hex_payload", Category.INJECTION, "ENCODING_TRICK", Severity.HIGH);
    private static final Pattern BASE64_RUN = Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{24,8000}+={0,2}");
    private static final Pattern HEX_RUN = Pattern.compile("(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,4000}+(?![0-9A-Fa-f])|(?:\\\\x[0-9A-Fa-f]{2}){8,4000}+");

    private final RegexDetector inner;

    public EncodedPayloadDetector(RegexDetector inner) {
        this.inner = inner;
    }

    @Override
    public void detect(String text, String lower, List<Match> out) {
        scan(BASE64_RUN.matcher(text), BASE64, out);
        scan(HEX_RUN.matcher(text), HEX, out);
    }

    private void scan(Matcher m, Rule rule, List<Match> out) {
        while (m.find()) {
            String decoded = decode(m.group(), rule == HEX);
            if (decoded == null) continue;
            List<Match> inside = new ArrayList<>();
            inner.detect(decoded, decoded.toLowerCase(Locale.ROOT), inside);
            double best = 0;
            for (Match x : inside) best = Math.max(best, x.score());
            if (best > 0) out.add(new Match(rule, m.start(), m.end(), best));
        }
    }

    /** The decoded text if it is mostly printable; null for binary data, which is no instruction. */
    static String decode(String blob, boolean hex) {
        byte[] bytes;
        try {
            bytes = hex ? HexFormat.of().parseHex(blob.replace("\\x", "")) : Base64.getDecoder().decode(blob);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int printable = 0;
        for (byte b : bytes) if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t') printable++;
        if (bytes.length < 12 || printable < bytes.length * 0.9) return null;
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
