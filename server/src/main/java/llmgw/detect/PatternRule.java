package llmgw.detect;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A built-in rule: a bounded regular expression, the literals one of which must appear before it
 * is even tried, and an optional check of the matched value (a checksum, an entropy floor).
 *
 * @param anyOf lower-case literals every match contains one of; the pattern runs only around them
 *              (empty: over the whole text)
 * @param group the capture group holding the sensitive value (0: the whole match)
 * @param maxLength the longest value this rule can match, which bounds what streaming holds back
 * @param reachBefore how far before its literal a match can start (0 when the literal opens the match)
 * @param minDigits when above 0, the rule runs only around runs of digits and separators holding at least
 *                  this many digits, instead of around literals
 * @param backOver characters a match may hold before its literal: the start is found by walking back over them
 *                 (null: every start within {@code reachBefore} is tried)
 * @param lettersBefore digit rules: ASCII letters that must stand right before the digit run (an IBAN's country)
 * @param minDots digit rules: dots the digit run must hold (an IPv4 address has three)
 * @param minRun digit rules: letters, digits and spaces that must follow from the start (an IBAN has 15 or more)
 */
public record PatternRule(Rule rule, Pattern pattern, String[] anyOf, int group, Predicate<String> valid,
                          double score, int maxLength, int reachBefore, int minDigits, java.util.function.IntPredicate backOver,
                          int lettersBefore, int minDots, int minRun) {

    public static Builder of(String id, Category category, String entity, Severity severity) {
        return new Builder(new Rule(id, category, entity, severity));
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
        private int reachBefore = -1;
        private int minDigits;
        private java.util.function.IntPredicate backOver;
        private int lettersBefore;
        private int minDots;
        private int minRun;

        Builder(Rule rule) {
            this.rule = rule;
        }

        public Builder anyOf(String... literals) {
            this.anyOf = literals;
            return this;
        }

        /** Every match is a run of digits and separators with at least this many digits. */
        public Builder minDigits(int digits) {
            this.minDigits = digits;
            return this;
        }

        /** A match starts where a walk back from the literal over these characters stops. */
        public Builder backOver(java.util.function.IntPredicate chars) {
            this.backOver = chars;
            return this;
        }

        public Builder lettersBefore(int letters) {
            this.lettersBefore = letters;
            return this;
        }

        public Builder minRun(int chars) {
            this.minRun = chars;
            return this;
        }

        public Builder minDots(int dots) {
            this.minDots = dots;
            return this;
        }

        /** The literal opens the match, or sits at most this far into it. */
        public Builder before(int chars) {
            this.reachBefore = chars;
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
            this.flags |= Pattern.CASE_INSENSITIVE; // ASCII folding is enough: the text is sanitized and the keywords are ASCII
            return this;
        }

        public PatternRule regex(String regex) {
            return new PatternRule(rule, Pattern.compile(regex, flags), anyOf, group, valid, score, maxLength,
                    reachBefore < 0 ? maxLength : reachBefore, minDigits, backOver, lettersBefore, minDots, minRun);
        }
    }
}
