package llmgw.cli.options;

import java.nio.file.Path;
import java.util.Map;
import llmgw.config.ConfigLoader;
import llmgw.config.GatewayConfig;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read the gateway config. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Gateway config (YAML). Without it: zero-config dev mode, plus environment overrides.")
    public Path file;

    /** The config file's settings, or the defaults, with the environment applied. */
    public GatewayConfig load(Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader(env);
        return file == null ? loader.defaults() : loader.load(file);
    }
}
