package llmgw.api.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;

/**
 * {@code POST /api/generate}: a prompt, and optionally a system prompt and images, sent to the model
 * as a system and a user message; the answer comes back in {@code response}. What needs Ollama's raw
 * prompt handling ({@code raw}, {@code template}, {@code suffix}, a {@code context} from an earlier
 * answer) is refused: a chat model behind the gateway cannot honour it.
 */
public final class OllamaGenerateCodec extends OllamaTextCodec {

    public OllamaGenerateCodec() {
        super(OllamaResponseEncoder.Shape.GENERATE);
    }

    @Override
    public String endpoint() {
        return "/api/generate";
    }

    @Override
    public ChatRequest decode(byte[] body) {
        JsonNode root = OllamaRequests.root(body);
        String model = OllamaRequests.model(root);
        OllamaRequests.refuse(root, "raw", "prompts always go through the model's chat template");
        OllamaRequests.refuse(root, "template", "prompts always go through the model's own chat template");
        OllamaRequests.refuse(root, "suffix", "fill-in-the-middle is not passed on");
        OllamaRequests.refuse(root, "context", "no conversation state is kept; send the conversation to /api/chat");
        JsonNode prompt = root.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isEmpty()) {
            throw OllamaRequests.bad("prompt", "missing_prompt", "'prompt' is required and must be a non-empty string");
        }
        JsonNode system = root.get("system");
        if (system != null && !system.isNull() && !system.isTextual()) {
            throw OllamaRequests.bad("system", "invalid_type", "'system' must be a string");
        }
        List<ChatMessage> messages = new ArrayList<>(2);
        if (system != null && system.isTextual() && !system.asText().isEmpty()) {
            messages.add(OllamaRequests.message("system", system.asText(), null, null));
        }
        messages.add(OllamaRequests.message("user", prompt.asText(), root.get("images"), "images"));
        return new ChatRequest(model, messages, OllamaRequests.maxTokens(root), OllamaRequests.stream(root), false, null,
                OllamaRequests.params(root));
    }
}
