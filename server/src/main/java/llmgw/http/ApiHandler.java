package llmgw.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.OutputStream;
import llmgw.api.ApiCodec;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Operation;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Pipeline;
import llmgw.stage.provider.ProviderStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one API surface (OpenAI chat, Anthropic messages, Ollama chat, ...): runs the one pipeline
 * and writes its answer, whole or streamed, and its errors through the surface's {@link ApiCodec}.
 */
public final class ApiHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final int CLIENT_CLOSED = 499;

    private final Pipeline pipeline;
    private final ApiCodec codec;
    private final long maxBodyBytes;
    private final InFlight inFlight;

    public ApiHandler(Pipeline pipeline, ApiCodec codec, long maxBodyBytes, InFlight inFlight) {
        this.pipeline = pipeline;
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(Context ctx) {
        Exchange ex = new Exchange(ctx.res().getHeader(RequestIds.HEADER), ctx.ip(), codec.endpoint(),
                ctx::header, ctx.contentType(), () -> Bodies.read(ctx, maxBodyBytes), codec);
        ex.operation(codec.operation());
        InFlight.Ticket ticket = inFlight.admit(ctx, ex, pipeline, codec::error);
        if (ticket == null) return; // turned away at the door: audited and answered
        try {
            serve(ctx, ex);
        } finally {
            inFlight.exit(ticket);
        }
    }

    /**
     * Runs the pipeline and answers. A whole (not streamed) answer is written only after the pipeline has
     * completed, so the audit row is queued before the client has its answer.
     */
    private void serve(Context ctx, Exchange ex) {
        byte[] reply = null;
        boolean streamed = false; // set once the stream is written through, so an Error mid-stream is not a clean end
        try {
            Outcome outcome = pipeline.run(ex);
            ex.responseHeaders().forEach(ctx::header);
            if (outcome instanceof Outcome.Reject r) {
                reply = error(ctx, ex, r.error());
                return;
            }
            pipeline.respond(ex);
            ApiCodec.Answer answer = new ApiCodec.Answer(RequestIds.completionId(), System.currentTimeMillis() / 1000,
                    ex.request().model(), ex.request(), ProviderStage.citations(ex.request()));
            if (ex.stream() != null) {
                writeStream(ctx, ex, codec.stream(answer));
                streamed = true;
            } else if (ex.operation() == Operation.EMBED) {
                ex.status(200);
                reply = codec.embeddings(answer, ex.embeddings());
            } else {
                var c = ex.completion();
                if (ex.collectAnswer()) ex.answerText(c.choices().isEmpty() ? "" : c.choices().getFirst().content());
                ex.status(200);
                reply = codec.completion(answer, c);
            }
        } catch (RuntimeException e) {
            log.error("request {} failed", ex.requestId(), e);
            closeQuietly(ex); // frees the upstream call and its endpoint's slot
            reply = error(ctx, ex, GatewayError.internal(ex.requestId()));
        } finally {
            if (reply == null && !streamed) {
                // An Error (not an Exception) is on its way to Javalin, which answers 500: the row says so, and an
                // opened stream is closed. Closing the output here would send an empty 200.
                closeQuietly(ex);
                ex.fail(GatewayError.internal(ex.requestId()));
                ex.status(500);
            }
            pipeline.complete(ex);
            if (reply != null) Responses.json(ctx, ex.status(), reply);
            else if (streamed) endResponse(ctx);
        }
    }

    /**
     * Ends a streamed response (its last chunk) once the audit row is queued, and before the request counts
     * as done: a client that has the whole stream can find its row, and a shutdown that waits for running
     * requests does not cut a finished stream short.
     */
    private static void endResponse(Context ctx) {
        try {
            ctx.res().getOutputStream().close();
        } catch (IOException | IllegalStateException e) {
            // The client is gone: its row says so when it left mid-stream; one that left after the answer's last chunk
            // had its answer, and its row keeps the answer's status.
        }
    }

    /** Closes an opened stream; a failure to close must not keep the request from its row. */
    private static void closeQuietly(Exchange ex) {
        try {
            if (ex.stream() != null) ex.stream().close();
        } catch (RuntimeException e) {
            log.error("request {}: closing its stream failed", ex.requestId(), e);
        }
    }

    /** Records the error on the exchange and returns its body in this API's shape. */
    private byte[] error(Context ctx, Exchange ex, GatewayError error) {
        ex.fail(error);
        ex.status(error.status());
        ex.responseHeaders().forEach(ctx::header);
        return codec.error(error);
    }

    private static void streamError(Exchange ex, ApiCodec.StreamEncoder encoder, OutputStream out, GatewayError error) throws IOException {
        ex.fail(error);
        ex.status(error.status());
        encoder.error(out, error); // sent by endResponse, after the audit row is queued, like a clean end
    }

    private static void writeStream(Context ctx, Exchange ex, ApiCodec.StreamEncoder encoder) {
        StringBuilder answer = ex.collectAnswer() ? new StringBuilder() : null;
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType(encoder.contentType());
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        ex.status(200);
        // The output is closed by serve, after the audit row is queued (see endResponse).
        try (ChatStream stream = ex.stream()) {
            OutputStream out = res.getOutputStream();
            try {
                encoder.start(out);
                out.flush();
                StreamChunk chunk;
                while ((chunk = stream.next()) != null) {
                    if (answer != null && chunk.content() != null) answer.append(chunk.content());
                    if (chunk.finishReason() != null) ex.finishReason(chunk.finishReason());
                    encoder.chunk(out, chunk);
                    out.flush();
                }
                ex.usage(stream.usage());
                // Not flushed: a client that stops reading at the end marker must find the audit row, which is queued
                // before endResponse sends these last bytes.
                encoder.end(out, stream.usage());
            } catch (ProviderException e) {
                // Headers are gone already: the error travels as a last event, and the audit row keeps its real status.
                streamError(ex, encoder, out, e.error());
            } catch (RuntimeException e) {
                // A bug mid-stream: the client must still learn that the answer is cut short, not see a clean end.
                log.error("request {} failed while streaming", ex.requestId(), e);
                streamError(ex, encoder, out, GatewayError.internal(ex.requestId()));
            } finally {
                // Tokens used up to a failure or a hang-up still count against budgets.
                if (ex.usage() == Usage.NONE) ex.usage(stream.usage());
            }
        } catch (IOException e) {
            // The client went away: closing the stream (try-with-resources) cancels the upstream call.
            ex.fail(new GatewayError(CLIENT_CLOSED, "api_error", "client_disconnected", "the client closed the connection", null));
            ex.status(CLIENT_CLOSED);
        } finally {
            if (answer != null) ex.answerText(answer.toString());
        }
    }
}
