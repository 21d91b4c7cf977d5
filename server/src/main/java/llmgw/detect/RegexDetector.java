package llmgw.detect;

import java.util.List;
import java.util.regex.Matcher;

/** Runs a table of {@link PatternRule}s, each only when its prefilter literal is present. */
public final class RegexDetector implements Detector {
    private final List<PatternRule> rules;

    public RegexDetector(List<PatternRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<PatternRule> rules() {
        return rules;
    }

    @Override
    public void detect(String text, String lower, List<Match> out) {
        for (PatternRule r : rules) {
            if (!r.prefilterPasses(lower)) continue;
            Matcher m = r.pattern().matcher(text);
            while (m.find()) {
                int g = m.group(r.group()) == null ? 0 : r.group();
                if (r.valid().test(m.group(g))) out.add(new Match(r.rule(), m.start(g), m.end(g), r.score()));
            }
        }
    }
}
