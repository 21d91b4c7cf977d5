package llmgw.stage.scan;

import java.util.ArrayList;
import java.util.List;
import llmgw.chat.Completion;
import llmgw.detect.Category;
import llmgw.detect.Finding;
import llmgw.detect.ScanEngine;
import llmgw.detect.redact.Placeholders;
import llmgw.detect.redact.Redactor;
import llmgw.pipeline.Detection;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Stage;

/** Redacts PII, secrets and custom-rule matches from the model's answer, streamed or whole, before the client sees it. */
public final class ResponseGuardStage implements Stage {
    private final ScanEngine engine;
    private final int customHold;

    public ResponseGuardStage(ScanEngine engine, GuardConfig cfg) {
        this.engine = engine;
        this.customHold = cfg.rules().stream().mapToInt(r -> r.maxLength()).max().orElse(0);
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        return Outcome.NEXT;
    }

    @Override
    public void onResponse(Exchange ex) {
        Placeholders placeholders = RequestGuardStage.placeholders(ex);
        if (ex.stream() != null) {
            ex.stream(new RedactingChatStream(ex.stream(), engine, placeholders, customHold,
                    (choice, f) -> ex.detections().add(new Detection("response", "choices[" + choice + "]", f, "redact"))));
            return;
        }
        Completion c = ex.completion();
        List<Completion.Choice> choices = new ArrayList<>(c.choices().size());
        for (Completion.Choice choice : c.choices()) {
            String content = choice.content();
            if (content != null) {
                List<Finding> found = engine.scanData(content).findings().stream().filter(f -> f.category() != Category.INJECTION).toList();
                for (Finding f : found) ex.detections().add(new Detection("response", "choices[" + choice.index() + "]", f, "redact"));
                content = Redactor.apply(content, found, placeholders);
            }
            choices.add(new Completion.Choice(choice.index(), content, choice.extra(), choice.finishReason()));
        }
        ex.completion(new Completion(c.model(), choices, c.usage()));
    }
}
