package llmgw.stage.validate;

import java.util.List;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal;
import llmgw.pipeline.Stage;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.provider.RoutePlan;
import llmgw.stage.provider.routing.Router;

/** Decodes the request body, holds it to the caps and the model allowlists of tenant and API key, and plans its routes. */
public final class ValidateStage implements Stage {
    private final RequestLimits limits;
    private final ModelCatalog catalog;
    private final Router router;

    public ValidateStage(RequestLimits limits, ModelCatalog catalog, Router router) {
        this.limits = limits;
        this.catalog = catalog;
        this.router = router;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        if (!isJson(ex.contentType())) {
            return Outcome.reject(GatewayError.unsupportedMediaType("Content-Type must be application/json"));
        }
        ChatRequest req = ex.decoder().decode(ex.body());
        ex.request(req);
        Outcome capped = checkCaps(req);
        if (capped != null) return capped;
        ModelRoute route = catalog.find(req.model()).orElse(null);
        if (route == null) {
            return Outcome.reject(GatewayError.notFound("model_not_found",
                    "The model '" + req.model() + "' does not exist or is not available; GET /v1/models lists the models you may use"));
        }
        Principal who = ex.principal();
        if (!catalog.tenantMayUse(who, req.model(), route)) {
            return Outcome.reject(GatewayError.forbidden("model_not_allowed",
                    "tenant '" + who.tenant() + "' may not use model '" + req.model() + "'"));
        }
        if (!ModelCatalog.keyMayUse(who, req.model(), route)) {
            return Outcome.reject(GatewayError.forbidden("model_not_allowed",
                    "API key " + who.keyId() + " may not use model '" + req.model() + "'; it allows " + who.key().models()));
        }
        List<ModelRoute> plan = router.plan(req.model(), who, catalog.permitted(who));
        if (plan.isEmpty() && !router.candidates(req.model(), who, r -> true).isEmpty()) {
            return Outcome.reject(GatewayError.forbidden("model_not_allowed",
                    "none of the models '" + req.model() + "' may be served by is allowed for this caller"));
        }
        if (plan.isEmpty()) {
            String allowed = who.key() != null && !who.key().providers().isEmpty() ? "API key " + who.keyId() + " may reach only " + who.key().providers()
                    : "tenant '" + who.tenant() + "' is pinned to other endpoints";
            return Outcome.reject(GatewayError.forbidden("endpoint_not_allowed",
                    "no endpoint serving model '" + req.model() + "' may be used by this caller: " + allowed));
        }
        ex.attribute(RoutePlan.class, () -> new RoutePlan(plan));
        ex.route(plan.getFirst());
        return Outcome.NEXT;
    }

    private Outcome checkCaps(ChatRequest req) {
        List<ChatMessage> messages = req.messages();
        if (messages.size() > limits.maxMessages()) {
            return Outcome.reject(GatewayError.invalidParam("messages", "too_many_messages",
                    "request has " + messages.size() + " messages; limits.max_messages is " + limits.maxMessages()));
        }
        for (int i = 0; i < messages.size(); i++) {
            int chars = messages.get(i).text().length();
            if (chars > limits.maxMessageChars()) {
                return Outcome.reject(GatewayError.invalidParam("messages[" + i + "].content", "message_too_long",
                        "messages[" + i + "] has " + chars + " characters; limits.max_message_chars is " + limits.maxMessageChars()));
            }
        }
        if (req.maxTokens() != null && req.maxTokens() > limits.maxTokens()) {
            return Outcome.reject(GatewayError.invalidParam("max_tokens", "max_tokens_too_large",
                    "max_tokens is " + req.maxTokens() + "; limits.max_tokens is " + limits.maxTokens()));
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String base = contentType.split(";", 2)[0].trim();
        return base.equalsIgnoreCase("application/json");
    }
}
