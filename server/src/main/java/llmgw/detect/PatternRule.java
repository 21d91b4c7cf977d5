package llmgw.detect;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A built-in rule: a bounded regular expression, the literals one of which must appear before it
 * is even tried, and an optional check of the matched value (a checksum, an entropy floor).
 *
 * @param anyOf lower-case literals; the pattern runs only when the text contains one (empty: always)
 * @param group the capture group holding the sensitive value (0: the whole match)
 * @param maxLength the longest value this rule can match, which bounds what streaming holds back
 */
public record PatternRule(Rule rule, Pattern pattern, String[] anyOf, int group, Predicate<String> valid,
                          double score, int maxLength) {

    public static Builder of(String id, Category category, String entity, Severity severity) {
        return new Builder(new Rule(id, category, entity, severity));
    }

    boolean prefilterPasses(String lower) {
        if (anyOf.length == 0) return true;
        for (String literal : anyOf) if (lower.contains(literal)) return true;
        return false;
    }

    /** Fluent construction, so the rule tables read as tables. */
    public static final class Builder {
        private final Rule rule;
        private String[] anyOf = new String[0];
        private int group;
        private Predicate<String> valid = v -> true;
        private double score = 1.0;
        private int maxLength = 256;
        private int flags;

        Builder(Rule rule) {
            this.rule = rule;
        }

        public Builder anyOf(String... literals) {
            this.anyOf = literals;
            return this;
        }

        public Builder group(int group) {
            this.group = group;
            return this;
        }

        public Builder valid(Predicate<String> valid) {
            this.valid = valid;
            return this;
        }

        public Builder score(double score) {
            this.score = score;
            return this;
        }

        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        public Builder ignoreCase() {
            this.flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            return this;
        }

        public PatternRule regex(String regex) {
            return new PatternRule(rule, Pattern.compile(regex, flags), anyOf, group, valid, score, maxLength);
        }
    }
}
