package llmgw.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the gateway, set up once: strict on what clients send. */
public final class Json {
    /** Buffer sets kept for reuse: a few per core covers the requests that parse or write JSON at one moment. */
    private static final int RECYCLED_BUFFERS = 4 * Runtime.getRuntime().availableProcessors() + 16;

    /**
     * Duplicate keys are refused: two parsers reading one body differently is a known bypass.
     * Requests run on virtual threads, so Jackson's default per-thread buffer recycling never reuses a
     * buffer (each request is a new thread); one shared pool does, and cut the gateway's garbage. The pool
     * is bounded: an unbounded one kept the buffers of every request of a burst (90 MB after 1,000 at once).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFERS))
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}
}
