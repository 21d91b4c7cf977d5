package llmgw.cli;

import java.util.Map;

/** The environment commands read; tests pass their own instead of the process's. */
public interface Env {
    Map<String, String> vars();
}
