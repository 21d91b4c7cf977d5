package llmgw.stage.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import llmgw.detect.Category;
import llmgw.detect.Finding;
import llmgw.detect.Sanitizer;
import llmgw.detect.ScanResult;
import llmgw.detect.redact.Placeholders;
import llmgw.detect.redact.Redactor;
import llmgw.pipeline.Detection;
import llmgw.pipeline.Exchange;

/**
 * The configured actions on PII, secret and custom-rule findings in one text, shared by everything
 * that guards request content: messages, other request fields, retrieved context.
 */
public final class DataGuard {
    private final GuardConfig cfg;

    public DataGuard(GuardConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * @param forwarded what goes on to the provider: redact findings replaced, invisible characters removed
     * @param stored what the audit log may keep: every finding replaced, whatever its action
     */
    public record Guarded(String forwarded, String stored) {}

    /** Applies the actions to one scanned text; blocking findings are added to {@code blocked}. */
    public Guarded apply(Exchange ex, String phase, String location, String text, ScanResult result, Set<String> blocked) {
        Placeholders placeholders = RequestGuardStage.placeholders(ex);
        List<Finding> redact = new ArrayList<>();
        List<Finding> all = new ArrayList<>();
        for (Finding f : result.findings()) {
            if (f.category() == Category.INJECTION) continue;
            String action = cfg.actionFor(f);
            ex.detections().add(new Detection(phase, location, f, action));
            all.add(f);
            if (action.equals("block")) blocked.add(f.ruleId() + " (" + f.category().wireName() + ") in " + location);
            if (action.equals("redact")) redact.add(f);
        }
        String forwarded = Sanitizer.stripInvisible(Redactor.apply(text, redact, placeholders));
        String stored = redact.size() == all.size() ? forwarded : Redactor.apply(text, all, placeholders);
        return new Guarded(forwarded, stored);
    }
}
