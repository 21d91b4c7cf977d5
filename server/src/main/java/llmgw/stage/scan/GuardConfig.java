package llmgw.stage.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import llmgw.config.Lists;
import llmgw.config.Problems;
import llmgw.detect.Finding;
import llmgw.detect.custom.CustomRule;

/**
 * What the request and response guards do with findings.
 *
 * @param actions {@code block}, {@code redact} or {@code alert} by rule id, entity or category
 *                (most specific wins); defaults: secrets block, PII redact, custom rules their own action
 * @param injection what a prompt-injection risk at or above the threshold does
 * @param response whether answers are redacted
 * @param rules custom rules (RE2 syntax)
 * @param fingerprintKeyFile the HMAC key for fingerprints; default {@code <data_dir>/fingerprint.key}
 */
public record GuardConfig(Boolean enabled, Map<String, String> actions, Injection injection, Response response,
                          List<CustomRule> rules, String fingerprintKeyFile) {

    public record Injection(String action, Double threshold) {
        public Injection {
            if (action == null) action = "block";
            if (threshold == null) threshold = 0.7;
        }
    }

    public record Response(Boolean redact) {
        public Response {
            if (redact == null) redact = true;
        }
    }

    public GuardConfig {
        if (enabled == null) enabled = true;
        Map<String, String> a = new LinkedHashMap<>();
        a.put("secret", "block");
        a.put("pii", "redact");
        if (actions != null) actions.forEach((k, v) -> { if (k != null && v != null) a.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)); });
        actions = Map.copyOf(a);
        if (injection == null) injection = new Injection(null, null);
        if (response == null) response = new Response(null);
        rules = Lists.present(rules);
    }

    public static GuardConfig defaults() {
        return new GuardConfig(null, null, null, null, null, null);
    }

    /** The action for one finding: its rule id, then its entity, then its category, then the custom rule's own. */
    public String actionFor(Finding f) {
        String a = actions.get(f.ruleId().toLowerCase(Locale.ROOT));
        if (a == null) a = actions.get(f.entity().toLowerCase(Locale.ROOT));
        if (a == null && f.ruleId().startsWith("custom.")) {
            String name = f.ruleId().substring(7);
            for (CustomRule r : rules) if (r.name().equals(name)) return r.action();
        }
        if (a == null) a = actions.get(f.category().wireName());
        return a == null ? "alert" : a;
    }

    public void validate(Problems p) {
        actions.forEach((key, action) -> {
            if (!action.equals("block") && !action.equals("redact") && !action.equals("alert")) {
                p.add("guard.actions." + key, "is '" + action + "'; use block, redact or alert");
            }
        });
        if (!injection.action().equals("block") && !injection.action().equals("alert")) {
            p.add("guard.injection.action", "is '" + injection.action() + "'; use block or alert");
        }
        if (injection.threshold() < 0 || injection.threshold() > 1) {
            p.add("guard.injection.threshold", "is " + injection.threshold() + "; use a number from 0 to 1");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).validate("guard.rules[" + i + "]", p);
            if (rules.get(i).name() != null && !names.add(rules.get(i).name())) {
                p.add("guard.rules[" + i + "].name", "'" + rules.get(i).name() + "' is used twice");
            }
        }
    }
}
