package llmgw.stage.cache;

import java.util.List;
import llmgw.chat.ChatStream;
import llmgw.chat.Completion;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.Operation;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Stage;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.provider.ProviderStage;

/**
 * The exact-match response cache. Placed after policy (a denied request is never answered from it)
 * and before budgets (a hit costs no tokens). It keeps answers as the client received them, after the
 * response guard, so no unredacted text sits in it. Every request gets {@code X-Cache: HIT}, {@code MISS}
 * or {@code BYPASS}, and its audit row the same.
 */
public final class CacheStage implements Stage {
    private final ResponseCache cache;
    private final boolean streaming;

    public CacheStage(ResponseCache cache, CacheConfig cfg) {
        this.cache = cache;
        this.streaming = cfg.streaming();
    }

    /** What the cache did for one request, and under which key a miss is stored. */
    private static final class Lookup {
        String key;
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        if (bypassed(ex)) return mark(ex, "BYPASS");
        String key = CacheKeys.of(ex.principal(), ex.operation(), ex.request());
        ResponseCache.Entry hit = cache.get(key);
        if (hit == null) {
            ex.attribute(Lookup.class, Lookup::new).key = key;
            ex.collectAnswer(ex.request().stream());
            return mark(ex, "MISS");
        }
        ex.route(new ModelRoute(ex.route().name(), "cache", ex.route().upstreamModel())); // no endpoint was called
        if (ex.operation() == Operation.EMBED) ex.embeddings(hit.embeddings());
        else if (ex.request().stream()) ex.stream(replay(hit.completion()));
        else ex.completion(hit.completion());
        ex.usage(Usage.NONE); // nothing was asked of a provider
        mark(ex, "HIT");
        return Outcome.ANSWERED;
    }

    @Override
    public void onComplete(Exchange ex) {
        Lookup miss = ex.attribute(Lookup.class, Lookup::new);
        if (miss.key == null || ex.error() != null || ex.status() != 200) return;
        if (ex.attribute(ProviderStage.FallbackCap.class, () -> null) != null) return; // answered under a lower cap than asked
        if (ex.operation() == Operation.EMBED) {
            if (ex.embeddings() != null) cache.put(miss.key, null, ex.embeddings());
        } else if (ex.completion() != null) {
            cache.put(miss.key, ex.completion(), null);
        } else if (ex.answerText() != null && ex.finishReason() != null) { // a stream that broke off is no answer to keep
            cache.put(miss.key, new Completion(ex.route().upstreamModel(),
                    List.of(new Completion.Choice(0, ex.answerText(), null, ex.finishReason())), ex.usage()), null);
        }
    }

    private boolean bypassed(Exchange ex) {
        String control = ex.header("Cache-Control");
        if (control != null) {
            String c = control.toLowerCase(java.util.Locale.ROOT);
            if (c.contains("no-cache") || c.contains("no-store")) return true;
        }
        return ex.request().stream() && !streaming;
    }

    private static Outcome mark(Exchange ex, String status) {
        ex.responseHeaders().put("X-Cache", status);
        ex.cacheStatus(status);
        return Outcome.NEXT;
    }

    /** A cached answer played back as a stream of one chunk. */
    private static ChatStream replay(Completion c) {
        Completion.Choice choice = c.choices().getFirst();
        return new ChatStream() {
            private int step;

            @Override
            public StreamChunk next() {
                return switch (step++) {
                    case 0 -> StreamChunk.text(choice.content() == null ? "" : choice.content());
                    case 1 -> new StreamChunk(0, null, null, null, choice.finishReason());
                    default -> null;
                };
            }

            @Override
            public Usage usage() {
                return Usage.NONE; // a replay used no tokens
            }

            @Override
            public void close() {}
        };
    }
}
