package llmgw.detect;

import java.util.List;

/**
 * What the engine found in one text.
 *
 * @param findings sorted by position; overlapping PII, secret and custom findings are reduced to the strongest
 * @param injectionScore overall prompt-injection risk 0..1: the classifier's probability or the
 *                       combined pattern scores, whichever is higher
 */
public record ScanResult(Sanitizer.Sanitized sanitized, List<Finding> findings, double injectionScore, double classifierScore) {

    /** The pattern findings behind the injection score (empty when only the classifier spoke). */
    public List<Finding> injectionFindings() {
        return findings.stream().filter(f -> f.category() == Category.INJECTION).toList();
    }

    /** The distinct rule ids of some findings, comma-separated, for messages and audit reasons. */
    public static String ruleIds(List<Finding> findings) {
        return findings.stream().map(Finding::ruleId).distinct().collect(java.util.stream.Collectors.joining(", "));
    }
}
