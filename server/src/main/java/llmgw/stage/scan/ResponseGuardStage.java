package llmgw.stage.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
        if (c == null) return; // embeddings: vectors, no text to redact
        List<Completion.Choice> choices = new ArrayList<>(c.choices().size());
        for (Completion.Choice choice : c.choices()) {
            String location = "choices[" + choice.index() + "]";
            String content = choice.content() == null ? null : redact(ex, location, choice.content(), placeholders);
            ObjectNode extra = choice.extra() == null ? null : choice.extra().deepCopy();
            if (extra != null) redactStrings(ex, location, extra, placeholders); // tool-call arguments, refusals
            choices.add(new Completion.Choice(choice.index(), content, extra, choice.finishReason()));
        }
        ex.completion(new Completion(c.model(), choices, c.usage()));
    }

    private String redact(Exchange ex, String location, String text, Placeholders placeholders) {
        List<Finding> found = engine.scanData(text).findings().stream().filter(f -> f.category() != Category.INJECTION).toList();
        for (Finding f : found) ex.detections().add(new Detection("response", location, f, "redact"));
        return Redactor.apply(text, found, placeholders);
    }

    private void redactStrings(Exchange ex, String location, JsonNode node, Placeholders placeholders) {
        if (node instanceof ObjectNode obj) {
            for (var e : obj.properties()) {
                if (e.getValue().isTextual()) obj.put(e.getKey(), redact(ex, location, e.getValue().asText(), placeholders));
                else redactStrings(ex, location, e.getValue(), placeholders);
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                if (arr.get(i).isTextual()) arr.set(i, TextNode.valueOf(redact(ex, location, arr.get(i).asText(), placeholders)));
                else redactStrings(ex, location, arr.get(i), placeholders);
            }
        }
    }
}
