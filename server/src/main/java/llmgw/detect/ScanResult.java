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

    public boolean isEmpty() {
        return findings.isEmpty();
    }
}
