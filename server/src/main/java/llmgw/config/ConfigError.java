package llmgw.config;

/** One problem in a configuration file, located by YAML path and, where known, line. */
public record ConfigError(String path, int line, String message) {
    @Override
    public String toString() {
        if (path.isEmpty()) return line > 0 ? "line " + line + ": " + message : message;
        return line > 0 ? path + " (line " + line + "): " + message : path + ": " + message;
    }
}
