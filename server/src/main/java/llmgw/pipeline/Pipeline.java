package llmgw.pipeline;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ordered stages of one API surface, run the same way for every request. */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Runs the stages in order; the first reject (recorded on the exchange) or answer ends the run. */
    public Outcome run(Exchange ex) {
        for (Stage stage : stages) {
            Outcome outcome;
            try {
                outcome = stage.onRequest(ex);
            } catch (GatewayException e) {
                outcome = Outcome.reject(e.error());
            }
            if (outcome instanceof Outcome.Reject reject) {
                ex.fail(reject.error());
                return outcome;
            }
            if (outcome instanceof Outcome.Answered) return outcome;
        }
        return Outcome.NEXT;
    }

    /** Runs every stage's response hook, last stage first, after a successful {@link #run}. */
    public void respond(Exchange ex) {
        for (int i = stages.size() - 1; i >= 0; i--) stages.get(i).onResponse(ex);
    }

    /** Runs every stage's completion hook, last stage first; one failing hook does not skip the others. */
    public void complete(Exchange ex) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            try {
                stages.get(i).onComplete(ex);
            } catch (RuntimeException e) {
                log.error("completion hook of {} failed for request {}", stages.get(i).getClass().getSimpleName(), ex.requestId(), e);
            }
        }
    }

    public List<Stage> stages() {
        return stages;
    }
}
