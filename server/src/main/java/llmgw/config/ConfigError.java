package llmgw.config;

/** One problem in a configuration file, located by YAML path and, where known, line. */
public record ConfigError(String path, int line, String message) {
    @Override
    public String toString() {
        String where = path.isEmpty() ? "(top level)" : path;
        return line > 0 ? where + " (line " + line + "): " + message : where + ": " + message;
    }
}
