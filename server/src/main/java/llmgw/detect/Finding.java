package llmgw.detect;

/**
 * One detection. Offsets are in the original text (before sanitizing). The matched value itself is
 * deliberately absent: only its keyed fingerprint travels, so a finding can be logged and stored.
 *
 * @param entity what was found, e.g. {@code EMAIL}, {@code AWS_ACCESS_KEY}, {@code INSTRUCTION_OVERRIDE}
 * @param score confidence 0..1 (1 for validated matches such as a Luhn-checked card)
 * @param fingerprint HMAC-SHA256 of the normalized value under the install's key, hex
 */
public record Finding(String ruleId, Category category, String entity, Severity severity,
                      int start, int end, double score, String fingerprint) {

    public int length() {
        return end - start;
    }
}
