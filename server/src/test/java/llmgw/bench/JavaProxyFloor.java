package llmgw.bench;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A third floor: the gateway's own stack with nothing of the gateway on it. Javalin on Jetty with requests on virtual
 * threads, set up as {@code llmgw serve} sets up its server (no compression, no header cache, a deep accept queue),
 * reads the body, passes it to the upstream through Jetty's client set up as the gateway's upstream client is
 * (non-blocking answer listeners, no cookies, redirects, challenges or decoders, timeouts) and writes the answer back
 * with its length. No authentication, scan, policy, limits, redaction or audit, and no mapping of upstream errors: what
 * it adds to a call (J in the overhead benchmark) is what the stack costs, so B − J is what the gateway's own work
 * costs on top of it, and J − H what the stack costs against a proxy in C. Runs in a JVM of its own with the
 * launcher's serve settings.
 */
final class JavaProxyFloor {
    private JavaProxyFloor() {}

    /** This proxy in front of the upstream, in a JVM with the launcher's serve settings (not a profiling override). */
    static TcpRelay.RelayProcess start(int upstreamPort) throws IOException {
        return TcpRelay.RelayProcess.start(JavaProxyFloor.class, OverheadBenchmark.gatewayJvmOptions(OverheadBenchmark.LAUNCHER_SERVE_JVM),
                Map.of("MALLOC_ARENA_MAX", "2"), upstreamPort);
    }

    /** Argument: the upstream's port on 127.0.0.1. Prints the proxy's own port, then serves until killed. */
    public static void main(String[] args) throws Exception {
        String upstream = "http://127.0.0.1:" + Integer.parseInt(args[0]);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        client.setConnectTimeout(5_000);
        client.setIdleTimeout(30_000);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(4096);
        client.setMaxRequestsQueuedPerDestination(4096);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.start();
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
        client.getContentDecoderFactories().clear();
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.jetty.addConnector((server, http) -> {
                http.setHeaderCacheSize(0);
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setAcceptQueueSize(1024);
                return connector;
            });
            c.routes.post("/v1/chat/completions", ctx -> {
                int length = ctx.req().getContentLength();
                byte[] body = length >= 0 ? ctx.req().getInputStream().readNBytes(length) : ctx.req().getInputStream().readAllBytes();
                var request = client.newRequest(upstream + "/v1/chat/completions").method(HttpMethod.POST)
                        .headers(h -> h.put("Authorization", ctx.header("Authorization")))
                        .body(new BytesRequestContent("application/json", body)).timeout(60, TimeUnit.SECONDS)
                        .idleTimeout(65, TimeUnit.SECONDS);
                ContentResponse answer = new CompletableResponseListener(request, 1 << 20).send().get();
                byte[] content = answer.getContent();
                ctx.res().setStatus(answer.getStatus());
                ctx.res().setContentType("application/json");
                ctx.res().setContentLength(content.length);
                ctx.res().getOutputStream().write(content);
            });
        }).start(0);
        System.out.println(app.port());
        System.out.flush();
    }
}
