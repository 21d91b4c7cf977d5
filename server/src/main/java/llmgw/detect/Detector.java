package llmgw.detect;

import java.util.List;

/** Finds matches in sanitized text. Implementations are immutable and thread-safe. */
public interface Detector {

    /** @param text the sanitized text */
    void detect(ScanText text, List<Match> out);
}
