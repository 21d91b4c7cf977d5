package llmgw.detect.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import llmgw.detect.Category;
import llmgw.detect.Finding;
import llmgw.detect.PatternRule;
import llmgw.detect.ScanEngine;
import llmgw.detect.Sanitizer;
import llmgw.detect.secret.PemBlockDetector;

/**
 * Redacts a text that arrives in pieces. It holds back only the tail that could still be the start
 * of a sensitive value: for each rule, the earliest position from which the rule's pattern either
 * matches up to the end of what has arrived or runs out of input while still matching
 * ({@link Matcher#hitEnd()}). Everything before that leaves at once, redacted.
 */
public final class StreamRedactor {
    private static final String PEM_START = "-----BEGIN ";

    private final ScanEngine engine;
    private final Placeholders placeholders;
    private final List<PatternRule> rules;
    private final int customHold;
    private final Consumer<Finding> onFinding;
    private final StringBuilder pending = new StringBuilder();
    private int emitted; // characters already sent, so findings get offsets in the whole answer

    /**
     * @param customHold characters held back for custom rules, whose RE2 patterns cannot report a
     *                   partial match (0 when there are none)
     */
    public StreamRedactor(ScanEngine engine, Placeholders placeholders, int customHold, Consumer<Finding> onFinding) {
        this.engine = engine;
        this.placeholders = placeholders;
        this.rules = engine.redactionRules();
        this.customHold = customHold;
        this.onFinding = onFinding;
    }

    /** Takes the next piece; returns what can be sent now (possibly empty). */
    public String push(String delta) {
        pending.append(delta);
        return release(holdFrom(pending.toString()));
    }

    /** The stream ended: everything left, redacted. */
    public String finish() {
        return release(pending.length());
    }

    private String release(int upTo) {
        if (upTo <= 0) return "";
        String text = pending.toString();
        List<Finding> found = new ArrayList<>();
        for (Finding f : engine.scanData(text).findings()) {
            if (f.category() == Category.INJECTION) continue;
            if (f.start() < upTo && f.end() > upTo) upTo = f.start(); // never cut a value in two
            found.add(f);
        }
        int cut = upTo;
        List<Finding> inside = found.stream().filter(f -> f.end() <= cut).toList();
        String out = Redactor.apply(text.substring(0, cut), inside, placeholders);
        for (Finding f : inside) {
            onFinding.accept(new Finding(f.ruleId(), f.category(), f.entity(), f.severity(),
                    emitted + f.start(), emitted + f.end(), f.score(), f.fingerprint()));
        }
        emitted += cut;
        pending.delete(0, cut);
        return out;
    }

    /** The earliest offset of {@code raw} from which a sensitive value could still be arriving. */
    int holdFrom(String raw) {
        Sanitizer.Sanitized s = Sanitizer.sanitize(raw);
        String text = s.text();
        int len = text.length();
        int hold = len;
        for (PatternRule r : rules) {
            Matcher m = r.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            for (int start = Math.max(0, len - r.maxLength()); start < hold; start++) {
                m.region(start, len);
                m.lookingAt();
                if (m.hitEnd()) { // matched up to the end, or ran out of input mid-match: more may follow
                    hold = start;
                    break;
                }
            }
        }
        hold = Math.min(hold, pemHold(text));
        if (customHold > 0) hold = Math.min(hold, Math.max(0, len - customHold));
        return hold >= len ? raw.length() : s.originalStart(hold);
    }

    /** A private-key block that has begun and not ended, or a tail that could be the start of one. */
    private static int pemHold(String text) {
        int begin = text.lastIndexOf(PEM_START);
        if (begin >= 0 && text.indexOf("-----END ", begin) < 0 && text.length() - begin < PemBlockDetector.MAX_BLOCK) return begin;
        for (int k = Math.min(PEM_START.length() - 1, text.length()); k > 0; k--) {
            if (text.regionMatches(text.length() - k, PEM_START, 0, k)) return text.length() - k;
        }
        return text.length();
    }
}
