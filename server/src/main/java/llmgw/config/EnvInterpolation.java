package llmgw.config;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${NAME}} and {@code ${NAME:-default}} in config values from the environment. */
final class EnvInterpolation {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    EnvInterpolation(Map<String, String> env) {
        this.env = env;
    }

    /** Expands references; a missing variable without default is reported and left empty. */
    String expand(String text, BiConsumer<String, String> missing) {
        if (text == null || text.indexOf("${") < 0) return text;
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) value = m.group(2);
            if (value == null) {
                missing.accept(m.group(1), "environment variable " + m.group(1) + " is not set (use ${" + m.group(1) + ":-default} for a fallback)");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
