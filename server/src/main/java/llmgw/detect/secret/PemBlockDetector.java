package llmgw.detect.secret;

import java.util.List;
import llmgw.detect.Category;
import llmgw.detect.Detector;
import llmgw.detect.Match;
import llmgw.detect.Rule;
import llmgw.detect.Severity;

/**
 * PEM private-key blocks, found with plain string search: a regular expression spanning a
 * multi-kilobyte block would make hostile input (many BEGIN lines and no END) cost far more.
 */
public final class PemBlockDetector implements Detector {
    public static final Rule RULE = new Rule("secret.private_key", Category.SECRET, "PRIVATE_KEY", Severity.HIGH);
    /** Longest block searched for an END line; an RSA-8192 key is about 6,400 characters. */
    public static final int MAX_BLOCK = 10_000;

    @Override
    public void detect(llmgw.detect.ScanText scan, List<Match> out) {
        String text = scan.string();
        if (text.indexOf("-----BEGIN ") < 0) return;
        // Every END line once, up front: hostile input with many BEGINs and no END stays linear.
        java.util.List<Integer> ends = new java.util.ArrayList<>();
        for (int e = text.indexOf("-----END "); e >= 0; e = text.indexOf("-----END ", e + 9)) ends.add(e);
        int from = 0;
        while ((from = text.indexOf("-----BEGIN ", from)) >= 0) {
            int headerEnd = text.indexOf("-----", from + 11);
            if (headerEnd < 0 || headerEnd - from > 60) {
                from += 11;
                continue;
            }
            String label = text.substring(from + 11, headerEnd);
            if (!label.endsWith("PRIVATE KEY") && !label.endsWith("PRIVATE KEY BLOCK")) {
                from = headerEnd;
                continue;
            }
            int limit = Math.min(text.length(), from + MAX_BLOCK);
            int endLine = nextEnd(text, ends, headerEnd, limit, label);
            int end;
            if (endLine >= 0 && endLine < limit) {
                end = endLine + 14 + label.length();
            } else {
                end = headerEnd + 5; // no END in reach: at least the header and the key body lines after it
                while (end < limit && (isBase64Line(text.charAt(end)))) end++;
            }
            out.add(new Match(RULE, from, end, 1.0));
            from = end;
        }
    }

    /** The first END line for this label between {@code from} and {@code limit}, or -1. */
    private static int nextEnd(String text, java.util.List<Integer> ends, int from, int limit, String label) {
        int i = java.util.Collections.binarySearch(ends, from);
        for (i = i < 0 ? -i - 1 : i; i < ends.size() && ends.get(i) < limit; i++) {
            if (text.startsWith(label + "-----", ends.get(i) + 9)) return ends.get(i);
        }
        return -1;
    }

    private static boolean isBase64Line(char c) {
        return Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r';
    }
}
