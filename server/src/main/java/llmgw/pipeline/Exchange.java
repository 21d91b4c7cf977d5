package llmgw.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.Embeddings;
import llmgw.chat.Usage;
import llmgw.stage.budget.Charge;
import llmgw.stage.policy.PolicyDecision;
import llmgw.stage.provider.ModelRoute;

/**
 * Everything known about one request as it passes through the gateway. Stages read and add to
 * it; it is confined to the thread serving the request, so it needs no locking.
 */
public final class Exchange {
    private final String requestId;
    private final Instant receivedAt = Instant.now();
    private final long receivedNanos = System.nanoTime();
    private final String clientIp;
    private final String endpoint;
    private final UnaryOperator<String> headers;
    private final String contentType;
    private final BodySource bodySource;
    private byte[] body;
    private final RequestDecoder decoder;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private final List<Detection> detections = new ArrayList<>();
    private final Map<Class<?>, Object> attributes = new java.util.HashMap<>();

    private Principal principal;
    private ChatRequest request;
    private ModelRoute route;
    private Completion completion;
    private ChatStream stream;
    private Usage usage = Usage.NONE;
    private GatewayError error;
    private int status;
    private boolean captureBodies;
    private boolean collectAnswer;
    private String cacheStatus;
    private String finishReason;
    private String answerText;
    private double injectionScore = -1;
    private String auditPrompt;
    private PolicyDecision policy;
    private Operation operation = Operation.CHAT;
    private Embeddings embeddings;
    private Charge charge;
    private boolean turnedAway;

    /** Reads the request body when a stage first asks for it: nothing is read for a request stopped earlier. */
    @FunctionalInterface
    public interface BodySource {
        /** @throws GatewayException when the body is over the limit or cannot be read */
        byte[] read();
    }

    public Exchange(String requestId, String clientIp, String endpoint, UnaryOperator<String> headers,
                    String contentType, BodySource bodySource, RequestDecoder decoder) {
        this.requestId = requestId;
        this.clientIp = clientIp;
        this.endpoint = endpoint;
        this.headers = headers;
        this.contentType = contentType;
        this.bodySource = bodySource;
        this.decoder = decoder;
    }

    public String requestId() { return requestId; }
    /** Refused at the door (overload, shutdown) before any stage ran. */
    public boolean turnedAway() { return turnedAway; }
    public void turnAway() { turnedAway = true; }
    public Instant receivedAt() { return receivedAt; }
    public long elapsedMillis() { return (System.nanoTime() - receivedNanos) / 1_000_000; }
    public String clientIp() { return clientIp; }
    public String endpoint() { return endpoint; }
    public String header(String name) { return headers.apply(name); }
    public String contentType() { return contentType; }
    /** The request body, read on first use. */
    public byte[] body() {
        if (body == null) body = bodySource.read();
        return body;
    }
    public RequestDecoder decoder() { return decoder; }

    /** Headers every stage may add to the response (rate-limit counters and the like). */
    public Map<String, String> responseHeaders() { return responseHeaders; }

    /** Why the request was allowed or stopped, for the audit row. */
    public List<String> reasons() { return reasons; }

    public Principal principal() { return principal; }
    public void principal(Principal principal) { this.principal = principal; }

    public ChatRequest request() { return request; }
    public void request(ChatRequest request) { this.request = request; }

    public ModelRoute route() { return route; }
    public void route(ModelRoute route) { this.route = route; }

    public Completion completion() { return completion; }
    public void completion(Completion completion) { this.completion = completion; }

    public ChatStream stream() { return stream; }
    public void stream(ChatStream stream) { this.stream = stream; }

    public Usage usage() { return usage; }
    public void usage(Usage usage) { this.usage = usage; }

    public GatewayError error() { return error; }

    /** Records the error that ends this request; the first one recorded wins. */
    public void fail(GatewayError error) {
        if (this.error == null) {
            this.error = error;
            reasons.add(error.code());
        }
    }

    public int status() { return status; }
    public void status(int status) { this.status = status; }

    public boolean captureBodies() { return captureBodies; }
    public void captureBodies(boolean captureBodies) { this.captureBodies = captureBodies; }

    /** Whether the answer's text is wanted after the response (stored bodies, the response cache). */
    public boolean collectAnswer() { return captureBodies || collectAnswer; }
    public void collectAnswer(boolean collect) { this.collectAnswer = collect; }

    public String answerText() { return answerText; }
    public void answerText(String answerText) { this.answerText = answerText; }

    /** Per-request state one stage keeps for a later hook or another stage, one object per type. */
    public <T> T attribute(Class<T> type, java.util.function.Supplier<T> create) {
        return type.cast(attributes.computeIfAbsent(type, k -> create.get()));
    }

    /** What the guards found, request and response, for the audit log. */
    public List<Detection> detections() { return detections; }

    /** The highest prompt-injection risk seen in the request, or -1 when it was not scanned. */
    public double injectionScore() { return injectionScore; }
    public void injectionScore(double score) { this.injectionScore = Math.max(this.injectionScore, score); }

    /** The prompt as the audit log may store it, every finding masked; null until a guard has seen it. */
    public String auditPrompt() { return auditPrompt; }
    public void auditPrompt(String prompt) { this.auditPrompt = prompt; }

    /** The policy engine's decision, null when the request did not get that far. */
    public PolicyDecision policy() { return policy; }
    public void policy(PolicyDecision policy) { this.policy = policy; }

    /** What the request cost (tier, weighted tokens, dollars), null when it reached no provider. */
    public Charge charge() { return charge; }
    public void charge(Charge charge) { this.charge = charge; }

    /** What the provider is asked for: a chat completion (the default) or embeddings. */
    public Operation operation() { return operation; }
    public void operation(Operation operation) { this.operation = operation; }

    public Embeddings embeddings() { return embeddings; }
    public void embeddings(Embeddings embeddings) { this.embeddings = embeddings; }

    /** {@code HIT}, {@code MISS} or {@code BYPASS} when the response cache is on, else null. */
    public String cacheStatus() { return cacheStatus; }
    public void cacheStatus(String status) { this.cacheStatus = status; }

    /** How a streamed answer ended, as its last chunk said; null while unknown or when it broke off. */
    public String finishReason() { return finishReason; }
    public void finishReason(String reason) { this.finishReason = reason; }

    public boolean streamed() { return request != null && request.stream(); }
}
