package llmgw;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import llmgw.config.ConfigException;
import llmgw.config.GatewayConfig;
import llmgw.http.ChatCompletionsHandler;
import llmgw.http.HealthHandlers;
import llmgw.http.InFlight;
import llmgw.http.JsonErrorHandler;
import llmgw.http.ModelsHandler;
import llmgw.http.RequestIds;
import llmgw.api.openai.OpenAiResponseEncoder;
import llmgw.pipeline.GatewayError;
import llmgw.detect.Category;
import llmgw.detect.Fingerprinter;
import llmgw.detect.ScanEngine;
import llmgw.pipeline.Pipeline;
import llmgw.pipeline.Stage;
import llmgw.stage.context.ContextFirewallStage;
import llmgw.stage.scan.DataGuard;
import llmgw.stage.scan.RequestGuardStage;
import llmgw.stage.scan.ResponseGuardStage;
import llmgw.stage.audit.AuditStage;
import llmgw.stage.audit.AuditStore;
import llmgw.stage.audit.AuditWriter;
import llmgw.stage.auth.AuthStage;
import llmgw.stage.limits.InMemoryRateLimiter;
import llmgw.stage.limits.RateLimitStage;
import llmgw.stage.limits.RateLimiter;
import llmgw.stage.provider.ProviderRegistry;
import llmgw.stage.provider.ProviderStage;
import llmgw.stage.validate.ModelCatalog;
import llmgw.stage.validate.ValidateStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running gateway: the Javalin app, the one ordered list of stages, and the audit writer behind them. */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    public static final String AUDIT_FILE = "audit.db";

    private final GatewayConfig cfg;
    private final Javalin app;
    private final AuditWriter audit;
    private final InFlight inFlight;
    private final Path auditFile;
    private final ProviderRegistry providers;
    private boolean stopped;

    private Gateway(GatewayConfig cfg, Javalin app, AuditWriter audit, InFlight inFlight, Path auditFile, ProviderRegistry providers) {
        this.providers = providers;
        this.cfg = cfg;
        this.app = app;
        this.audit = audit;
        this.inFlight = inFlight;
        this.auditFile = auditFile;
    }

    /** Builds and starts the gateway; throws {@link ConfigException} when the setup is unsafe or unusable. */
    public static Gateway start(GatewayConfig cfg, Map<String, String> env) {
        refuseRemoteDevToken(cfg);
        Path auditFile = cfg.dataPath().resolve(AUDIT_FILE);
        AuditWriter audit;
        try {
            audit = new AuditWriter(AuditStore.open(auditFile), cfg.audit().queueCapacity(), cfg.audit().batchSize());
        } catch (SQLException e) {
            throw new ConfigException("cannot open the audit database " + auditFile + ": " + e.getMessage());
        }
        ScanEngine engine;
        try {
            engine = ScanEngine.create(EnumSet.allOf(Category.class), cfg.guard().rules(), Fingerprinter.forKeyFile(cfg.fingerprintKeyPath()));
        } catch (IOException e) {
            audit.close();
            throw new ConfigException("cannot read or create the fingerprint key " + cfg.fingerprintKeyPath() + ": " + e.getMessage());
        }
        RateLimiter limiter = new InMemoryRateLimiter();
        ModelCatalog catalog = new ModelCatalog(cfg.models(), cfg.limits().allowedModels(), cfg.tenants());
        AuthStage auth = new AuthStage(cfg.auth(), limiter, cfg.rateLimit().unauthenticatedRate());
        // Audit comes first so that its completion hook, run last-stage-first, sees everything the others added.
        // Rate limiting right after auth: every authenticated call counts, bad ones too, and no body is read before both.
        AuditStage auditStage = new AuditStage(audit, cfg.audit());
        RateLimitStage rateLimit = new RateLimitStage(limiter, cfg.rateLimit().callerRate(), cfg.tenants());
        List<Stage> stages = new ArrayList<>(List.of(auditStage, auth, rateLimit, new ValidateStage(cfg.limits(), catalog)));
        if (cfg.guard().enabled()) stages.add(new RequestGuardStage(engine, cfg.guard()));
        stages.add(new ContextFirewallStage(engine, cfg.context(), new DataGuard(cfg.guard())));
        if (cfg.guard().enabled() && cfg.guard().response().redact()) stages.add(new ResponseGuardStage(engine, cfg.guard()));
        ProviderRegistry providers = new ProviderRegistry(cfg.providers(), env);
        stages.add(new ProviderStage(providers));
        Pipeline chat = new Pipeline(stages);
        InFlight inFlight = new InFlight();
        Map<String, BooleanSupplier> checks = Map.of("audit", audit::healthy);
        HealthHandlers health = new HealthHandlers(checks, "LOCAL", cfg.devMode(), inFlight);
        ChatCompletionsHandler completions = new ChatCompletionsHandler(chat, cfg.server().maxBodyBytes(), inFlight);
        ModelsHandler models = new ModelsHandler(new Pipeline(List.of(auditStage, auth, rateLimit)), catalog, inFlight);

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = cfg.server().maxBodyBytes();
            c.http.prefer405over404 = true;
            c.jetty.host = cfg.server().host();
            c.jetty.port = cfg.server().port();
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.routes.before(ctx -> ctx.header(RequestIds.HEADER, RequestIds.from(ctx.header(RequestIds.HEADER))));
            c.routes.get("/healthz", health::healthz);
            c.routes.get("/readyz", health::readyz);
            c.routes.get("/v1/models", models);
            c.routes.post("/v1/chat/completions", completions);
            c.routes.exception(HttpResponseException.class, (e, ctx) -> {
                String code = switch (e.getStatus()) {
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    default -> "http_" + e.getStatus();
                };
                String message = switch (e.getStatus()) {
                    case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
                    case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                    default -> e.getMessage();
                };
                ctx.status(e.getStatus()).contentType("application/json").result(OpenAiResponseEncoder.error(
                        new GatewayError(e.getStatus(), "invalid_request_error", code, message, null)));
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                String id = ctx.res().getHeader(RequestIds.HEADER);
                log.error("request {} failed", id, e);
                ctx.status(500).contentType("application/json").result(OpenAiResponseEncoder.error(GatewayError.internal(id)));
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            providers.close();
            audit.close();
            throw new ConfigException("cannot listen on " + cfg.server().host() + ":" + cfg.server().port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return new Gateway(cfg, app, audit, inFlight, auditFile, providers);
    }

    private static void refuseRemoteDevToken(GatewayConfig cfg) {
        if (!cfg.auth().devTokenEnabled() || cfg.server().allowRemoteDevToken()) return;
        boolean loopback;
        try {
            loopback = InetAddress.getByName(cfg.server().host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("server.host '" + cfg.server().host() + "' does not resolve");
        }
        if (!loopback) {
            throw new ConfigException("refusing to bind " + cfg.server().host() + " while the dev token is accepted: anyone who can reach it "
                    + "would be let in. Set JWT_SECRET (or auth.jwt.secret), or bind 127.0.0.1, or force it with "
                    + "--allow-remote-dev-token (server.allow_remote_dev_token: true)");
        }
    }

    public int port() {
        return app.port();
    }

    public String url() {
        String host = cfg.server().host();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + port();
    }

    public GatewayConfig config() {
        return cfg;
    }

    public Path auditFile() {
        return auditFile;
    }

    public AuditWriter auditWriter() {
        return audit;
    }

    /**
     * Graceful stop: refuse new requests, let running ones and their streams finish within
     * {@code server.shutdown_grace}, stop the server, then write every queued audit row.
     */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        if (!inFlight.drain(cfg.server().shutdownGrace())) {
            log.warn("{} requests still running after the {}s shutdown grace; stopping anyway", inFlight.count(), cfg.server().shutdownGrace().toSeconds());
        }
        app.stop();
        // Handlers cut off by the stop still write their audit rows: give them a moment before the log closes.
        inFlight.drain(java.time.Duration.ofSeconds(5));
        providers.close();
        audit.close();
    }

    @Override
    public void close() {
        stop();
    }
}
