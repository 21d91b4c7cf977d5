package llmgw.config;

import java.util.List;
import java.util.Objects;

/** Config lists as bound from YAML: entries that failed to bind arrive as null and are dropped (already reported). */
public final class Lists {
    private Lists() {}

    public static <T> List<T> present(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
