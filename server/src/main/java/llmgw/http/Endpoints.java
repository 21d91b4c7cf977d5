package llmgw.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Pipeline;
import llmgw.pipeline.Stage;

/** Builds JSON endpoints that share the front of the pipeline (audit, auth, rate limit) and add a role check. */
public final class Endpoints {
    private final List<Stage> front;
    private final InFlight inFlight;
    private final long maxBodyBytes;

    public Endpoints(List<Stage> front, InFlight inFlight, long maxBodyBytes) {
        this.front = List.copyOf(front);
        this.inFlight = inFlight;
        this.maxBodyBytes = maxBodyBytes;
    }

    public PipelineEndpoint of(String name, Stage roleCheck, PipelineEndpoint.Action action) {
        return of(name, roleCheck, action, OpenAiResponseEncoder::error);
    }

    /** As above, answering errors in another API's shape. */
    public PipelineEndpoint of(String name, Stage roleCheck, PipelineEndpoint.Action action, Function<GatewayError, byte[]> errorBody) {
        List<Stage> stages = new ArrayList<>(front);
        stages.add(roleCheck);
        return new PipelineEndpoint(name, new Pipeline(stages), inFlight, maxBodyBytes, action, errorBody);
    }
}
