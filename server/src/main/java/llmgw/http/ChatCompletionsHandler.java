package llmgw.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import llmgw.api.openai.OpenAiRequestDecoder;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.chat.ChatStream;
import llmgw.chat.ProviderException;
import llmgw.chat.StreamChunk;
import llmgw.chat.Usage;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Pipeline;
import llmgw.stage.provider.ProviderStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/chat/completions}: runs the pipeline and writes its answer as JSON or Server-Sent Events. */
public final class ChatCompletionsHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsHandler.class);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CLIENT_CLOSED = 499;

    private final Pipeline pipeline;
    private final long maxBodyBytes;
    private final InFlight inFlight;
    private final OpenAiRequestDecoder decoder = new OpenAiRequestDecoder();

    public ChatCompletionsHandler(Pipeline pipeline, long maxBodyBytes, InFlight inFlight) {
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(Context ctx) {
        if (inFlight.refuseWhileDraining(ctx)) return;
        inFlight.enter();
        try {
            serve(ctx);
        } finally {
            inFlight.exit();
        }
    }

    private void serve(Context ctx) {
        Exchange ex = new Exchange(ctx.res().getHeader(RequestIds.HEADER), ctx.ip(), "/v1/chat/completions",
                ctx::header, ctx.contentType(), () -> Bodies.read(ctx, maxBodyBytes), decoder);
        try {
            Outcome outcome = pipeline.run(ex);
            ex.responseHeaders().forEach(ctx::header);
            if (outcome instanceof Outcome.Reject r) {
                writeError(ctx, ex, r.error());
                return;
            }
            pipeline.respond(ex);
            if (ex.stream() != null) {
                writeStream(ctx, ex);
            } else {
                writeCompletion(ctx, ex);
            }
        } catch (RuntimeException e) {
            log.error("request {} failed", ex.requestId(), e);
            writeError(ctx, ex, GatewayError.internal(ex.requestId()));
        } finally {
            pipeline.complete(ex);
        }
    }

    private static void writeError(Context ctx, Exchange ex, GatewayError error) {
        ex.fail(error);
        ex.status(error.status());
        Responses.error(ctx, error, ex.responseHeaders());
    }

    private static void writeCompletion(Context ctx, Exchange ex) {
        var c = ex.completion();
        if (ex.captureBodies()) ex.answerText(c.choices().isEmpty() ? "" : c.choices().getFirst().content());
        byte[] body = OpenAiResponseEncoder.completion(completionId(), nowSeconds(), ex.request().model(), c,
                ProviderStage.citations(ex.request()));
        ex.status(200);
        Responses.json(ctx, 200, body);
    }

    private static void writeStream(Context ctx, Exchange ex) {
        String id = completionId();
        long created = nowSeconds();
        String model = ex.request().model();
        StringBuilder answer = ex.captureBodies() ? new StringBuilder() : null;
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        ex.status(200);
        try (ChatStream stream = ex.stream()) {
            OutputStream out = res.getOutputStream();
            try {
                event(out, OpenAiResponseEncoder.roleChunk(id, created, model, ProviderStage.citations(ex.request())));
                StreamChunk chunk;
                while ((chunk = stream.next()) != null) {
                    if (answer != null && chunk.content() != null) answer.append(chunk.content());
                    event(out, OpenAiResponseEncoder.chunk(id, created, model, chunk));
                }
                ex.usage(stream.usage());
                if (ex.request().includeUsage()) event(out, OpenAiResponseEncoder.usageChunk(id, created, model, stream.usage()));
                out.write(DONE);
                out.flush();
            } catch (ProviderException e) {
                // Headers are gone already: the error travels as a last event, and the audit row keeps its real status.
                ex.fail(e.error());
                ex.status(e.error().status());
                event(out, OpenAiResponseEncoder.error(e.error()));
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

    private static void event(OutputStream out, byte[] json) throws IOException {
        out.write(DATA);
        out.write(json);
        out.write(END);
        out.flush();
    }

    private static String completionId() {
        return "chatcmpl-" + RequestIds.random(24);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
