package llmgw.detect.custom;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import llmgw.detect.Category;
import llmgw.detect.Detector;
import llmgw.detect.Match;
import llmgw.detect.Rule;
import llmgw.detect.Severity;

/** User-defined patterns on RE2/J: whatever someone writes in the config, matching stays linear in the input. */
public final class CustomRuleDetector implements Detector {
    private record Compiled(Rule rule, Pattern pattern) {}

    private final List<Compiled> rules;

    public CustomRuleDetector(List<CustomRule> rules) {
        this.rules = rules.stream().map(r -> new Compiled(
                new Rule("custom." + r.name(), Category.CUSTOM, r.entity(), Severity.parse(r.severity())),
                Pattern.compile(r.pattern()))).toList();
    }

    @Override
    public void detect(llmgw.detect.ScanText scan, List<Match> out) {
        String text = scan.string();
        for (Compiled c : rules) {
            Matcher m = c.pattern().matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) out.add(new Match(c.rule(), m.start(), m.end(), 1.0));
            }
        }
    }
}
