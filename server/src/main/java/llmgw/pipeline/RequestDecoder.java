package llmgw.pipeline;

import llmgw.chat.ChatRequest;

/** Turns one API's wire request into the internal {@link ChatRequest}; throws {@link GatewayException} on bad input. */
@FunctionalInterface
public interface RequestDecoder {
    ChatRequest decode(byte[] body);
}
