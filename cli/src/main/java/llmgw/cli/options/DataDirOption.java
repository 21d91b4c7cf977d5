package llmgw.cli.options;

import picocli.CommandLine.Option;

/** {@code --data-dir DIR}, where the audit database and keys live. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory: where audit.db lives (default: ~/.llmgw; pass the gateway's data_dir if it set one).")
    public String dir;
}
