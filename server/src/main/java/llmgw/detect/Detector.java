package llmgw.detect;

import java.util.List;

/** Finds matches in sanitized text. Implementations are immutable and thread-safe. */
public interface Detector {

    /**
     * @param text the sanitized text
     * @param lower the same text lower-cased, for cheap literal prefilters
     */
    void detect(String text, String lower, List<Match> out);
}
