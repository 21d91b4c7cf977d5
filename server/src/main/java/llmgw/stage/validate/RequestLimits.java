package llmgw.stage.validate;

import java.util.List;
import llmgw.config.Lists;
import llmgw.config.Problems;

/**
 * Caps on what one request may ask for.
 *
 * @param allowedModels models open to anyone (glob patterns); empty means every configured model
 */
public record RequestLimits(Integer maxMessages, Integer maxMessageChars, Integer maxTokens, List<String> allowedModels) {
    public RequestLimits {
        if (maxMessages == null) maxMessages = 256;
        if (maxMessageChars == null) maxMessageChars = 200_000;
        if (maxTokens == null) maxTokens = 16_384;
        allowedModels = Lists.present(allowedModels);
    }

    public static RequestLimits defaults() {
        return new RequestLimits(null, null, null, null);
    }

    public RequestLimits withAllowedModels(List<String> models) {
        return new RequestLimits(maxMessages, maxMessageChars, maxTokens, models);
    }

    public void validate(Problems p) {
        p.atLeast("limits.max_messages", maxMessages, 1);
        p.atLeast("limits.max_message_chars", maxMessageChars, 1);
        p.atLeast("limits.max_tokens", maxTokens, 1);
    }
}
