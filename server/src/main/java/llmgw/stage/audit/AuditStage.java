package llmgw.stage.audit;

import java.util.List;
import java.util.stream.Collectors;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;

/** Writes one audit row for every request, whatever became of it. */
public final class AuditStage implements Stage {
    private final AuditWriter writer;
    private final boolean storeBodies;

    public AuditStage(AuditWriter writer, AuditConfig cfg) {
        this.writer = writer;
        this.storeBodies = cfg.storeBodies();
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        ex.captureBodies(storeBodies);
        return Outcome.NEXT;
    }

    @Override
    public void onComplete(Exchange ex) {
        writer.submit(record(ex));
    }

    AuditRecord record(Exchange ex) {
        Principal p = ex.principal();
        int status = ex.status();
        String decision = ex.error() == null ? "allow" : status >= 500 || "upstream_error".equals(ex.error().type()) ? "error" : "deny";
        if (ex.error() == null && status == 0) decision = "error";
        String prompt = null;
        if (storeBodies && ex.request() != null) {
            prompt = ex.request().messages().stream().map(m -> m.role() + ": " + m.text()).collect(Collectors.joining("\n"));
        }
        return new AuditRecord(0, ex.requestId(), ex.receivedAt().toEpochMilli(),
                p == null ? null : p.tenant(), p == null ? null : p.subject(), ex.clientIp(), ex.endpoint(),
                ex.request() == null ? null : ex.request().model(), ex.route() == null ? null : ex.route().provider(),
                status, decision, List.copyOf(ex.reasons()), ex.elapsedMillis(),
                ex.usage().promptTokens(), ex.usage().completionTokens(), ex.streamed(),
                ex.error() == null ? null : ex.error().code(), prompt, storeBodies ? ex.answerText() : null);
    }
}
