package llmgw.stage.policy.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import llmgw.config.Lists;
import llmgw.config.Problems;

/**
 * A local policy file as written: rules tried in order, the first that applies decides.
 *
 * @param defaultTier the tier of callers whose key or token names none
 * @param defaultEffect what happens when no rule applies: {@code allow} or {@code deny} (the default)
 */
public record PolicyDocument(String defaultTier, @JsonProperty("default") String defaultEffect, List<PolicyRule> rules) {

    public PolicyDocument {
        if (defaultEffect == null) defaultEffect = "deny";
        rules = Lists.present(rules);
    }

    /** What runs when no policy was ever written: every caller may use every model it can reach. */
    public static final String BUILT_IN = """
            # The built-in policy: allow every request that passed authentication and the model allowlists.
            # Replace it with PUT /admin/policy or a policy file (policy.file).
            default: allow
            rules: []
            """;

    public void validate(Problems p) {
        if (!defaultEffect.equals("allow") && !defaultEffect.equals("deny")) {
            p.add("default", "is '" + defaultEffect + "'; use allow or deny");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule r = rules.get(i);
            r.validate("rules[" + i + "]", p);
            if (r.name() != null && !names.add(r.name())) p.add("rules[" + i + "].name", "'" + r.name() + "' is used twice");
        }
    }
}
