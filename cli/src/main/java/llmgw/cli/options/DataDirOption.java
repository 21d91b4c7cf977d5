package llmgw.cli.options;

import picocli.CommandLine.Option;

/** {@code --data-dir DIR}, where the audit database and keys live. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: data_dir from the config, else ~/.llmgw).")
    public String dir;
}
