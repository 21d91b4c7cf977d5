package llmgw.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Runs a table of {@link PatternRule}s. One keyword pass finds where each rule's literals occur;
 * a rule's regex then runs only in windows around those places (a match is never longer than the
 * rule's maximum length), so ordinary text costs about one walk over it however many rules there are.
 */
public final class RegexDetector implements Detector {
    private final List<PatternRule> rules;
    private final Keywords keywords;
    private final int[][] rulesOfLiteral;
    private final int[] digitRules;

    public RegexDetector(List<PatternRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, List<Integer>> literals = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (String lit : rules.get(r).anyOf()) literals.computeIfAbsent(lit, k -> new ArrayList<>()).add(r);
        }
        this.keywords = new Keywords(new ArrayList<>(literals.keySet()));
        this.rulesOfLiteral = literals.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        this.digitRules = java.util.stream.IntStream.range(0, rules.size()).filter(r -> rules.get(r).minDigits() > 0).toArray();
    }

    public List<PatternRule> rules() {
        return rules;
    }

    @Override
    public void detect(ScanText scan, List<Match> out) {
        detect(scan, hit -> keywords.find(scan.chars(), hit), out);
    }

    /** A cursor over this detector's keywords, for a caller that walks the text itself and then calls {@link #detect(ScanText, Keywords.Cursor, List)}. */
    public Keywords.Cursor cursor() {
        return keywords.cursor();
    }

    /** Matches the rules around the keyword hits a cursor collected while walking {@code scan}. */
    public void detect(ScanText scan, Keywords.Cursor cursor, List<Match> out) {
        detect(scan, cursor::replay, out);
    }

    private void detect(ScanText scan, java.util.function.Consumer<Keywords.Hit> hits, List<Match> out) {
        String text = scan.string();
        int n = rules.size();
        Windows[] windows = new Windows[n];
        Tried[] tried = new Tried[n];
        Matcher[] matchers = new Matcher[n];
        hits.accept((literal, start) -> {
            for (int r : rulesOfLiteral[literal]) {
                PatternRule rule = rules.get(r);
                if (rule.reachBefore() <= ANCHORED_REACH) {
                    if (tried[r] == null) tried[r] = new Tried();
                    matchAround(rule, text, start, matcherFor(matchers, r, text), out, tried[r]);
                } else {
                    windowsFor(windows, r, text.length()).add(start - rule.reachBefore(), start + rule.maxLength());
                }
            }
        });
        if (digitRules.length > 0) addDigitWindows(scan.chars(), windows);
        for (int r = 0; r < n; r++) {
            PatternRule rule = rules.get(r);
            if (rule.anyOf().length == 0 && rule.minDigits() == 0) windowsFor(windows, r, text.length()).add(0, text.length());
            Windows w = windows[r];
            if (w == null) continue;
            Matcher m = matcherFor(matchers, r, text);
            for (int k = 0; k < w.count; k++) {
                m.region(w.bounds[2 * k], w.bounds[2 * k + 1]);
                while (m.find()) record(rule, m, out);
            }
        }
    }

    /** Rules whose keyword sits near the start of a match are tried right there, not searched for. */
    private static final int ANCHORED_REACH = 120;

    /**
     * The starts one rule has tried so far (a single interval: keywords arrive in text order, so
     * the tried starts stay nearly contiguous) and where its last match ended. The same start gives
     * the same answer, so each is tried at most once per rule, whatever the input.
     */
    private static final class Tried {
        int from = -1;
        int to = -2;
        int matchStart;
        int matchEnd;
    }

    /** Tries the few places a match containing the keyword at {@code at} can start. */
    private static void matchAround(PatternRule rule, String text, int at, Matcher m, List<Match> out, Tried t) {
        int limit = Math.min(text.length(), at + rule.maxLength());
        int lo = Math.max(0, at - rule.reachBefore());
        if (rule.backOver() != null) {
            int s = at;
            while (s > lo && rule.backOver().test(text.charAt(s - 1))) s--;
            lo = s;
        }
        if (t.from <= at && t.to >= lo) { // overlaps what was tried: only the new ends of the range
            tryStarts(rule, m, out, t, lo, t.from - 1, limit);
            tryStarts(rule, m, out, t, t.to + 1, at, limit);
            t.from = Math.min(t.from, lo);
            t.to = Math.max(t.to, at);
        } else {
            tryStarts(rule, m, out, t, lo, at, limit);
            t.from = lo;
            t.to = at;
        }
    }

    private static void tryStarts(PatternRule rule, Matcher m, List<Match> out, Tried t, int from, int to, int limit) {
        for (int start = from; start <= to; start++) {
            if (start >= t.matchStart && start < t.matchEnd) continue; // inside the last match
            m.region(start, limit);
            if (m.lookingAt()) {
                record(rule, m, out);
                t.matchStart = start;
                t.matchEnd = m.end();
                start = Math.max(start, m.end() - 1);
            }
        }
    }

    private static void record(PatternRule rule, Matcher m, List<Match> out) {
        int g = m.group(rule.group()) == null ? 0 : rule.group();
        if (rule.valid().test(m.group(g))) out.add(new Match(rule.rule(), m.start(g), m.end(g), rule.score()));
    }

    private Matcher matcherFor(Matcher[] matchers, int r, String text) {
        if (matchers[r] == null) matchers[r] = rules.get(r).pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        return matchers[r];
    }

    private static Windows windowsFor(Windows[] windows, int r, int length) {
        if (windows[r] == null) windows[r] = new Windows(length);
        return windows[r];
    }

    /**
     * Runs of digits and number punctuation ({@code 415-555 2671}, {@code (0)20.7946}) found in one
     * loop; each digit rule runs only around the runs with enough digits for it.
     */
    private void addDigitWindows(char[] text, Windows[] windows) {
        int len = text.length;
        for (int i = 0; i < len; ) {
            char c = text[i];
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int dots = 0;
            int lastDigit = i;
            while (i < len) {
                char d = text[i];
                if (d >= '0' && d <= '9') {
                    digits++;
                    lastDigit = i;
                } else if ((d == '.' || d == '-') && text[i - 1] == d) {
                    break; // ".." and "--" (ranges, versions, comments) stand in no number the rules look for
                } else if (d == '.') {
                    dots++;
                } else if (d == 'x' && i == start + 1 && c == '0') {
                    break; // 0x...: a hex literal in code, not a number with an extension
                } else if (d != ' ' && d != '-' && d != '(' && d != ')' && d != '+' && d != '/' && d != 'x' && d != ':') {
                    break;
                }
                i++;
            }
            for (int r : digitRules) {
                PatternRule rule = rules.get(r);
                if (digits >= rule.minDigits() && dots >= rule.minDots()
                        && lettersStandBefore(text, start, rule.lettersBefore())
                        && runAtLeast(text, start - rule.lettersBefore(), rule.minRun())) {
                    windowsFor(windows, r, len).add(start - rule.reachBefore(), Math.max(lastDigit + 8, start + rule.maxLength()));
                }
            }
        }
    }

    private static boolean runAtLeast(char[] text, int from, int chars) {
        if (chars == 0) return true;
        if (from < 0 || from + chars > text.length) return false;
        for (int k = from; k < from + chars; k++) {
            char c = text[k];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')) return false;
        }
        return true;
    }

    private static boolean lettersStandBefore(char[] text, int at, int letters) {
        if (at < letters) return false;
        for (int k = 1; k <= letters; k++) {
            char c = text[at - k];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
        }
        return true;
    }

    /** Sorted, merged regions of the text where one rule may match. */
    private static final class Windows {
        final int length;
        int[] bounds = new int[8];
        int count;

        Windows(int length) {
            this.length = length;
        }

        void add(int from, int to) {
            from = Math.max(0, from);
            to = Math.min(length, to);
            if (count > 0 && from <= bounds[2 * count - 1]) {
                bounds[2 * count - 1] = Math.max(bounds[2 * count - 1], to); // overlaps the last one: extend it
                return;
            }
            if (bounds.length < 2 * count + 2) bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
            bounds[2 * count] = from;
            bounds[2 * count + 1] = to;
            count++;
        }
    }
}
