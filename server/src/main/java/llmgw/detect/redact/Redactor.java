package llmgw.detect.redact;

import java.util.List;
import llmgw.detect.Finding;

/** Replaces findings in a text with their placeholders. */
public final class Redactor {
    private Redactor() {}

    /** @param findings non-overlapping, sorted by start, offsets into {@code text} */
    public static String apply(String text, List<Finding> findings, Placeholders placeholders) {
        if (findings.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : findings) {
            if (f.start() < at) continue;
            out.append(text, at, f.start()).append(placeholders.of(f));
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
