package llmgw.config;

import java.util.List;

/**
 * Glob patterns for names: {@code *} matches any run of characters, everything else is literal.
 * A model pattern with a colon ({@code openai:gpt-4o*}) matches {@code provider:model} (or a model
 * name with a colon in it).
 */
public final class Globs {
    private Globs() {}

    /** Whether {@code text} matches {@code glob}; the classic star-backtracking walk, at most O(n·m). */
    public static boolean matches(String glob, String text) {
        int g = 0, t = 0, star = -1, mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') g++;
        return g == glob.length();
    }

    public static boolean matchesAny(List<String> globs, String text) {
        for (String g : globs) if (matches(g, text)) return true;
        return false;
    }

    /**
     * Whether a model pattern matches a model routed to a provider. A pattern with a colon may also be
     * a model's own name ({@code llama3:8b}, as Ollama names them), so it is tried both ways.
     */
    public static boolean matchesModel(String glob, String provider, String model) {
        return matches(glob, model) || glob.indexOf(':') >= 0 && matches(glob, provider + ":" + model);
    }

    public static boolean matchesAnyModel(List<String> globs, String provider, String model) {
        for (String g : globs) if (matchesModel(g, provider, model)) return true;
        return false;
    }
}
