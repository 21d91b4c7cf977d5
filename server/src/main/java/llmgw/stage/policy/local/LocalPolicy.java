package llmgw.stage.policy.local;

import java.util.List;
import llmgw.config.Globs;
import llmgw.stage.policy.PolicyDecision;
import llmgw.stage.policy.PolicyInput;

/** A validated policy document with its version, deciding requests by its first applicable rule. */
public final class LocalPolicy {
    private final PolicyDocument doc;
    private final String version;

    public LocalPolicy(PolicyDocument doc, int version) {
        this.doc = doc;
        this.version = "local:" + version;
    }

    public String version() {
        return version;
    }

    public PolicyDecision decide(PolicyInput in) {
        String tier = in.tier() != null ? in.tier() : doc.defaultTier();
        for (PolicyRule rule : doc.rules()) {
            if (applies(rule.match(), in, tier)) return decide(rule, in);
        }
        String why = "no rule applies; the policy's default is " + doc.defaultEffect();
        return doc.defaultEffect().equals("allow") ? PolicyDecision.allow(version, List.of(why)) : PolicyDecision.deny(version, List.of(why));
    }

    private PolicyDecision decide(PolicyRule rule, PolicyInput in) {
        String by = "rule " + rule.name() + ": ";
        if (rule.effect().equals("deny")) {
            return PolicyDecision.deny(version, List.of(by + (rule.reason() == null ? "denies this request" : rule.reason())));
        }
        if (!rule.models().isEmpty() && !Globs.matchesAnyModel(rule.models(), in.provider(), in.model())) {
            return PolicyDecision.deny(version, List.of(by + "model '" + in.model() + "' is not among " + rule.models()));
        }
        if (!rule.providers().isEmpty() && !rule.providers().contains(in.provider())) {
            return PolicyDecision.deny(version, List.of(by + "provider '" + in.provider() + "' is not among " + rule.providers()));
        }
        if (rule.maxTokens() != null && in.maxTokens() != null && in.maxTokens() > rule.maxTokens()) {
            return PolicyDecision.deny(version, List.of(by + "max_tokens " + in.maxTokens() + " is above the " + rule.maxTokens() + " allowed"));
        }
        if (Boolean.FALSE.equals(rule.features().streaming()) && in.stream()) {
            return PolicyDecision.deny(version, List.of(by + "streaming is not allowed"));
        }
        if (Boolean.FALSE.equals(rule.features().tools()) && in.tools()) {
            return PolicyDecision.deny(version, List.of(by + "tools are not allowed"));
        }
        return new PolicyDecision(true, List.of(by + "allows"), version, rule.maxTokens());
    }

    private static boolean applies(PolicyRule.Match m, PolicyInput in, String tier) {
        return fits(m.tenant(), in.tenant()) && fits(m.role(), in.role()) && fits(m.tier(), tier)
                && fits(m.key(), in.keyId()) && fits(m.subject(), in.subject())
                && (m.model().isEmpty() || Globs.matchesAnyModel(m.model(), in.provider(), in.model()));
    }

    /** An empty list fits anything; otherwise a missing value fits nothing. */
    private static boolean fits(List<String> globs, String value) {
        if (globs.isEmpty()) return true;
        return value != null && Globs.matchesAny(globs, value);
    }
}
