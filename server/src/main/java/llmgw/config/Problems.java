package llmgw.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects configuration problems so that one run reports all of them, not just the first. */
public final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, Integer> lines;

    public Problems(Map<String, Integer> lines) {
        this.lines = lines;
    }

    public void add(String path, String message) {
        errors.add(new ConfigError(path, lines.getOrDefault(path, 0), message));
    }

    /** Adds a problem at a parser's line; where the parser knows none (buffered tokens), the path's line. */
    void add(String path, int line, String message) {
        errors.add(new ConfigError(path, line > 0 ? line : lines.getOrDefault(path, 0), message));
    }

    /** Adds a problem when a number is below its minimum. */
    public void atLeast(String path, long value, long min) {
        if (value < min) add(path, "is " + value + "; set " + min + " or more");
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<ConfigError> errors() {
        return errors;
    }

    /** Throws with every problem, in file order (problems without a line last). */
    public void throwIfAny() {
        if (errors.isEmpty()) return;
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(java.util.Comparator.comparingInt(e -> e.line() > 0 ? e.line() : Integer.MAX_VALUE));
        throw new ConfigException(sorted);
    }
}
