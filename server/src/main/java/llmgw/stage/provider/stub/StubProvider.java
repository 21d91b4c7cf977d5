package llmgw.stage.provider.stub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import llmgw.chat.ChatMessage;
import llmgw.chat.ChatRequest;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.Embeddings;
import llmgw.chat.Provider;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;

/**
 * A deterministic model with no network: it answers with a fixed greeting followed by the last
 * user message, word by word when streaming. Echoing the prompt lets tests see what reached the
 * provider and what the response guards do to an answer.
 */
public final class StubProvider implements Provider {
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*|\\s+");
    private static final int MAX_ECHO_CHARS = 8_000;
    public static final int EMBEDDING_SIZE = 8;

    private final Duration tokenDelay;

    public StubProvider(Duration tokenDelay) {
        this.tokenDelay = tokenDelay;
    }

    @Override
    public Completion complete(ChatRequest request, String upstreamModel) {
        Answer a = answer(request);
        return new Completion(upstreamModel, List.of(new Completion.Choice(0, a.text, null, a.finishReason)), a.usage);
    }

    /** Eight numbers per input, the same for the same text: enough for tests to see order and identity. */
    @Override
    public Embeddings embed(ChatRequest request, String upstreamModel) {
        List<double[]> vectors = new ArrayList<>();
        int chars = 0;
        for (ChatMessage m : request.messages()) {
            String text = m.text();
            chars += text.length();
            double[] v = new double[EMBEDDING_SIZE];
            java.util.Random r = new java.util.Random(text.hashCode());
            for (int i = 0; i < v.length; i++) v[i] = Math.round((r.nextDouble() * 2 - 1) * 1e6) / 1e6;
            vectors.add(v);
        }
        return new Embeddings(upstreamModel, vectors, new Usage(Usage.estimateTokens(chars), 0));
    }

    @Override
    public List<String> models() {
        return List.of("stub");
    }

    @Override
    public ChatStream stream(ChatRequest request, String upstreamModel) {
        Answer a = answer(request);
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(a.text);
        while (m.find()) tokens.add(m.group());
        Iterator<String> it = tokens.iterator();
        return new ChatStream() {
            private boolean finished;

            @Override
            public StreamChunk next() {
                if (it.hasNext()) {
                    pause();
                    return StreamChunk.text(it.next());
                }
                if (finished) return null;
                finished = true;
                return new StreamChunk(0, null, null, null, a.finishReason);
            }

            @Override
            public Usage usage() {
                return a.usage;
            }

            @Override
            public void close() {}
        };
    }

    private void pause() {
        if (tokenDelay.isZero()) return;
        try {
            Thread.sleep(tokenDelay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(String text, String finishReason, Usage usage) {}

    private static Answer answer(ChatRequest request) {
        String said = "";
        for (ChatMessage msg : request.messages()) if (msg.role().equals("user")) said = msg.text();
        if (said.length() > MAX_ECHO_CHARS) said = said.substring(0, MAX_ECHO_CHARS);
        String text = "Hello from the llmgw stub model. You said: " + said;
        String finish = "stop";
        if (request.maxTokens() != null && Usage.estimateTokens(text.length()) > request.maxTokens()) {
            text = text.substring(0, Math.min(text.length(), request.maxTokens() * 4));
            finish = "length";
        }
        Usage usage = new Usage(Usage.estimateTokens(request.promptChars()), Usage.estimateTokens(text.length()));
        return new Answer(text, finish, usage);
    }
}
