package llmgw.detect.secret;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Tells generated secrets from words, placeholders and templates. */
public final class Entropy {
    private static final Set<String> PLACEHOLDERS = Set.of("password", "changeme", "change_me", "secret", "example", "redacted",
            "placeholder", "your_password", "yourpassword", "<password>", "null", "none", "true", "false", "undefined", "xxxxxxxx");

    private Entropy() {}

    /** Shannon entropy in bits per character. */
    public static double bitsPerChar(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) counts[c]++;
            else other++;
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) if (c > 0) h -= c / n * (Math.log(c / n) / Math.log(2));
        if (other > 0) h -= other / n * (Math.log(other / n) / Math.log(2));
        return h;
    }

    /** A value assigned to password=, secret=, token= that looks generated rather than a word or a template. */
    private static final Pattern QUOTES = Pattern.compile("^[\"'`]|[\"'`;,]$");
    private static final Pattern FILLER = Pattern.compile("[x*.#-]+");
    private static final Pattern WORD_OR_CALL = Pattern.compile("[a-z]+|[A-Za-z]+\\(.*");
    /** OPENAI_API_KEY, DB_PASSWORD: the name of a variable that holds the secret, not the secret. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");

    public static boolean looksSecret(String value) {
        String v = QUOTES.matcher(value).replaceAll("");
        String lower = v.toLowerCase(Locale.ROOT);
        if (v.length() < 8 || PLACEHOLDERS.contains(lower)) return false;
        if (v.startsWith("${") || v.startsWith("{{") || v.startsWith("%(") || v.startsWith("<") || v.startsWith("$")) return false;
        if (FILLER.matcher(lower).matches() || lower.chars().distinct().count() == 1) return false;
        if (WORD_OR_CALL.matcher(v).matches() || ENV_NAME.matcher(v).matches()) return false; // a word, a call, a variable name
        return bitsPerChar(v) >= 3.0;
    }
}
