package llmgw.detect.secret;

import static llmgw.detect.Category.SECRET;

import java.util.List;
import llmgw.detect.PatternRule;
import llmgw.detect.Severity;

/** Credentials: provider keys with a known shape, bearer values, and generic assignments that look generated. */
public final class SecretRules {
    private SecretRules() {}

    private static final Severity HIGH = Severity.HIGH;

    public static List<PatternRule> all() {
        return List.of(
                PatternRule.of("secret.aws_access_key_id", SECRET, "AWS_ACCESS_KEY", HIGH).anyOf("akia", "asia", "abia", "acca", "a3t").before(0).maxLength(20)
                        .regex("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Z0-9])"),
                PatternRule.of("secret.aws_secret_access_key", SECRET, "AWS_SECRET_KEY", HIGH).anyOf("aws", "secret").before(24).group(1).maxLength(100)
                        .valid(v -> Entropy.bitsPerChar(v) >= 3.5).ignoreCase()
                        .regex("(?:aws.{0,20}?secret.{0,20}?|secret_?access_?key.{0,5}?)[\"']?[ \\t]{0,3}[:=>]{1,2}[ \\t]{0,3}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
                PatternRule.of("secret.github_token", SECRET, "GITHUB_TOKEN", HIGH).anyOf("ghp_", "gho_", "ghu_", "ghs_", "ghr_").before(0).maxLength(255)
                        .regex("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])"),
                PatternRule.of("secret.github_fine_grained_token", SECRET, "GITHUB_TOKEN", HIGH).anyOf("github_pat_").before(0).maxLength(255)
                        .regex("(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,244}(?![A-Za-z0-9_])"),
                PatternRule.of("secret.slack_token", SECRET, "SLACK_TOKEN", HIGH).anyOf("xox", "xapp-").before(0).maxLength(255)
                        .regex("(?<![A-Za-z0-9_-])(?:xox[abposer]-[0-9A-Za-z-]{10,250}|xapp-\\d-[A-Za-z0-9-]{10,250})(?![A-Za-z0-9_-])"),
                PatternRule.of("secret.slack_webhook", SECRET, "SLACK_WEBHOOK", HIGH).anyOf("hooks.slack.com").before(8).maxLength(255)
                        .regex("https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{20,220}"),
                PatternRule.of("secret.anthropic_key", SECRET, "ANTHROPIC_KEY", HIGH).anyOf("sk-ant-").before(0).maxLength(255)
                        .regex("(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,240}(?![A-Za-z0-9_-])"),
                PatternRule.of("secret.openai_key", SECRET, "OPENAI_KEY", HIGH).anyOf("sk-").before(0).maxLength(255)
                        .valid(v -> !v.startsWith("sk-ant-"))
                        .regex("(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,240}(?![A-Za-z0-9_-])"),
                PatternRule.of("secret.google_api_key", SECRET, "GOOGLE_API_KEY", HIGH).anyOf("aiza").before(0).maxLength(39)
                        .regex("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"),
                PatternRule.of("secret.stripe_key", SECRET, "STRIPE_KEY", HIGH).anyOf("_live_", "_test_").before(2).maxLength(255)
                        .regex("(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,240}(?![A-Za-z0-9_])"),
                PatternRule.of("secret.jwt", SECRET, "JWT", HIGH).anyOf("eyj").before(0).maxLength(4600)
                        .regex("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,1500}\\.eyJ[A-Za-z0-9_-]{4,2500}\\.[A-Za-z0-9_-]{0,500}"),
                PatternRule.of("secret.bearer_token", SECRET, "BEARER_TOKEN", HIGH).anyOf("bearer").before(0).group(1).maxLength(4110).ignoreCase()
                        .valid(v -> Entropy.bitsPerChar(v) >= 3.0)
                        .regex("\\bbearer\\s{1,3}([A-Za-z0-9._~+/=-]{16,4096})"),
                PatternRule.of("secret.connection_string_password", SECRET, "CONNECTION_STRING_PASSWORD", HIGH).anyOf("://").before(22).group(1).maxLength(480)
                        .valid(v -> !v.startsWith("$") && !v.startsWith("{") && !v.equalsIgnoreCase("password"))
                        .regex("\\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\\s:/@\"']{1,64}:([^\\s@/\"']{3,128})@[A-Za-z0-9_.-]{1,253}"),
                PatternRule.of("secret.generic_assignment", SECRET, "GENERIC_SECRET", Severity.MEDIUM)
                        .anyOf("pass", "pwd", "secret", "token", "key", "credential", "auth").before(16).group(1).maxLength(1100).score(0.7).ignoreCase()
                        .valid(Entropy::looksSecret)
                        .regex("(?<![A-Za-z0-9])(?:password|passwd|pwd|pass|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth|credentials?|client[_-]?secret)"
                                // [ \\t], not \\s: the value stands on the key's own line, never on the next one
                                + "[A-Za-z0-9_.-]{0,24}[\"']?[ \\t]{0,3}(?::=|=>|[:=])[ \\t]{0,3}[\"'`]?([^\\s\"'`<>;,)]{8,1024})"));
    }
}
