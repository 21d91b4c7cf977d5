package llmgw.detect.redact;

import java.util.HashMap;
import java.util.Map;
import llmgw.detect.Finding;

/**
 * Numbered stand-ins for redacted values, one set per request: the same value gets the same
 * placeholder ({@code <EMAIL_1>} twice), so the model still sees that two mentions are one thing.
 * Values are told apart by fingerprint; the values themselves are never held.
 */
public final class Placeholders {
    private final Map<String, String> byFingerprint = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    public synchronized String of(Finding f) {
        return byFingerprint.computeIfAbsent(f.entity() + ":" + f.fingerprint(),
                k -> "<" + f.entity() + "_" + counters.merge(f.entity(), 1, Integer::sum) + ">");
    }
}
