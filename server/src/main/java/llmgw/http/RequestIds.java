package llmgw.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: the caller's own when it is sane (so traces join up), else a fresh one. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    public static String from(String given) {
        if (given != null && SANE.matcher(given).matches()) return given;
        return "req_" + random(24);
    }

    /** Random lower-case hex; ids need uniqueness, not secrecy. */
    /** A fresh id for one answer, in OpenAI's {@code chatcmpl-} form; other codecs may prefix it their way. */
    public static String completionId() {
        return "chatcmpl-" + random(24);
    }

    public static String random(int chars) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) sb.append(Character.forDigit(r.nextInt(16), 16));
        return sb.toString();
    }
}
