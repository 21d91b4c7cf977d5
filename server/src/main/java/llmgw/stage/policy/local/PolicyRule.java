package llmgw.stage.policy.local;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import llmgw.config.Lists;
import llmgw.config.Problems;

/**
 * One rule of a local policy. A rule applies when every field of {@code match} fits the request;
 * the first rule that applies decides.
 *
 * @param effect {@code allow} (the default) or {@code deny}
 * @param reason the words a denied caller and the audit row get for a deny rule
 * @param models when set, models outside these patterns are denied
 * @param providers when set, the upstream providers (egress) outside this list are denied
 * @param maxTokens requests asking for more are denied; requests asking for nothing get this cap
 */
public record PolicyRule(String name, Match match, String effect, String reason, List<String> models, List<String> providers,
                         Integer maxTokens, Features features) {

    public PolicyRule {
        if (match == null) match = Match.ANY;
        if (effect == null) effect = "allow";
        models = Lists.present(models);
        providers = Lists.present(providers);
        if (features == null) features = new Features(null, null);
    }

    /**
     * Who and what a rule is about; every field is one value or a list of glob patterns, and a missing
     * field matches anything. {@code model} patterns with a colon match {@code provider:model}.
     */
    public record Match(
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> tenant,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> role,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> tier,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> key,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> subject,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> model) {
        static final Match ANY = new Match(null, null, null, null, null, null);

        public Match {
            tenant = Lists.present(tenant);
            role = Lists.present(role);
            tier = Lists.present(tier);
            key = Lists.present(key);
            subject = Lists.present(subject);
            model = Lists.present(model);
        }
    }

    /** Request features a rule may switch off; null leaves them allowed. */
    public record Features(Boolean streaming, Boolean tools) {}

    void validate(String path, Problems p) {
        if (name == null || name.isBlank()) p.add(path + ".name", "is missing; every rule needs a name for the audit trail");
        if (!effect.equals("allow") && !effect.equals("deny")) p.add(path + ".effect", "is '" + effect + "'; use allow or deny");
        if (maxTokens != null) p.atLeast(path + ".max_tokens", maxTokens, 1);
        for (String r : match.role()) {
            if (!r.equals("user") && !r.equals("admin") && !r.equals("auditor") && !r.contains("*")) {
                p.add(path + ".match.role", "has '" + r + "'; roles are user, admin and auditor");
            }
        }
    }
}
