package llmgw.stage.policy;

import java.time.Duration;
import llmgw.config.Problems;
import llmgw.stage.policy.opa.OpaConfig;

/**
 * Which policy engine decides. With {@code opa.url} set (or {@code OPA_URL}), Open Policy Agent
 * does; otherwise the local YAML policy in {@code file}.
 *
 * @param file the local policy file; null means {@code <data_dir>/policy.yaml}
 * @param reloadInterval how often the file is checked for changes
 */
public record PolicyConfig(String file, Duration reloadInterval, OpaConfig opa) {
    public PolicyConfig {
        if (file != null && file.isBlank()) file = null;
        if (reloadInterval == null) reloadInterval = Duration.ofSeconds(2);
        if (opa == null) opa = OpaConfig.defaults();
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(null, null, null);
    }

    public PolicyConfig withOpa(OpaConfig o) {
        return new PolicyConfig(file, reloadInterval, o);
    }

    public void validate(Problems p) {
        if (reloadInterval.toMillis() < 10 || reloadInterval.compareTo(Duration.ofHours(1)) > 0) {
            p.add("policy.reload_interval", "is " + reloadInterval.toMillis() + "ms; use 10ms to 1h");
        }
        opa.validate("policy.opa", p);
    }
}
