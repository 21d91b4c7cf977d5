package llmgw.cli.options;

import java.nio.file.Path;
import llmgw.config.GatewayConfig;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR}, where the audit database and the API keys live. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory: where audit.db and keys.db live (default: ~/.llmgw; pass the gateway's data_dir if it set one).")
    public String dir;

    /** The directory, resolved as the gateway resolves its data_dir ({@code ~} is the home directory). */
    public Path path() {
        GatewayConfig defaults = GatewayConfig.defaults();
        return (dir == null ? defaults : defaults.withDataDir(dir)).dataPath();
    }
}
