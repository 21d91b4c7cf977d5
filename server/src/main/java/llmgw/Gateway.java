package llmgw;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import llmgw.config.ConfigException;
import llmgw.config.GatewayConfig;
import llmgw.api.anthropic.AnthropicMessagesCodec;
import llmgw.api.openai.OpenAiChatCodec;
import llmgw.api.openai.OpenAiCompletionsCodec;
import llmgw.api.ollama.OllamaChatCodec;
import llmgw.api.ollama.OllamaEmbedCodec;
import llmgw.api.ollama.OllamaEmbeddingsCodec;
import llmgw.api.ollama.OllamaGenerateCodec;
import llmgw.api.ollama.OllamaResponseEncoder;
import llmgw.api.ollama.OllamaTagsHandler;
import llmgw.api.openai.OpenAiEmbeddingsCodec;
import llmgw.http.ApiHandler;
import llmgw.http.Endpoints;
import llmgw.http.admin.AuditAdmin;
import llmgw.http.admin.BudgetAdmin;
import llmgw.http.admin.EndpointsAdmin;
import llmgw.http.admin.KeysAdmin;
import llmgw.http.admin.PolicyAdmin;
import llmgw.http.HealthHandlers;
import llmgw.http.HttpErrors;
import llmgw.http.InFlight;
import llmgw.http.JsonErrorHandler;
import llmgw.http.ModelsHandler;
import llmgw.http.RequestIds;
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
import llmgw.stage.audit.AuditUsage;
import llmgw.stage.audit.AuditWriter;
import llmgw.stage.auth.AuthStage;
import llmgw.stage.auth.RequireRole;
import llmgw.stage.auth.keys.KeyStore;
import llmgw.stage.budget.BudgetLedger;
import llmgw.stage.cache.CacheStage;
import llmgw.stage.cache.ResponseCache;
import llmgw.stage.budget.BudgetStage;
import llmgw.stage.budget.CostTiers;
import llmgw.stage.budget.PriceTable;
import llmgw.stage.policy.PolicyEngine;
import llmgw.stage.policy.PolicyStage;
import llmgw.stage.policy.local.LocalPolicyEngine;
import llmgw.stage.policy.opa.OpaPolicyEngine;
import llmgw.stage.limits.InMemoryRateLimiter;
import llmgw.stage.limits.RateLimitStage;
import llmgw.stage.limits.RateLimiter;
import llmgw.stage.provider.ProviderRegistry;
import llmgw.stage.provider.ProviderStage;
import llmgw.stage.provider.routing.EndpointMonitor;
import llmgw.stage.provider.routing.EndpointRegistry;
import llmgw.stage.provider.routing.Router;
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
    private final Resources resources;
    private boolean stopped;

    private Gateway(GatewayConfig cfg, Javalin app, AuditWriter audit, InFlight inFlight, Path auditFile, Resources resources) {
        this.resources = resources;
        this.cfg = cfg;
        this.app = app;
        this.audit = audit;
        this.inFlight = inFlight;
        this.auditFile = auditFile;
    }

    /** Builds and starts the gateway; throws {@link ConfigException} when the setup is unsafe or unusable. */
    public static Gateway start(GatewayConfig cfg, Map<String, String> env) {
        return start(cfg, env, Clock.systemUTC());
    }

    /** As {@link #start(GatewayConfig, Map)}, with the clock that budgets, keys and usage periods go by. */
    public static Gateway start(GatewayConfig cfg, Map<String, String> env, Clock clock) {
        cfg.refuseRemoteDevToken();
        Resources res = new Resources();
        try {
            return start(cfg, env, clock, res);
        } catch (RuntimeException e) {
            res.close();
            throw e;
        }
    }

    private static Gateway start(GatewayConfig cfg, Map<String, String> env, Clock clock, Resources res) {
        Path dataDir = cfg.dataPath();
        Path auditFile = dataDir.resolve(AUDIT_FILE);
        AuditWriter audit;
        KeyStore keys;
        CostTiers tiers;
        BudgetLedger ledger = new BudgetLedger(clock);
        try {
            audit = res.add(new AuditWriter(AuditStore.open(auditFile), cfg.audit().queueCapacity(), cfg.audit().batchSize()));
            seedBudgets(ledger, auditFile);
            keys = res.add(KeyStore.open(dataDir));
        } catch (SQLException e) {
            throw new ConfigException("cannot open the databases in " + dataDir + ": " + e.getMessage());
        }
        ScanEngine engine;
        try {
            engine = ScanEngine.create(EnumSet.allOf(Category.class), cfg.guard().rules(), Fingerprinter.forKeyFile(cfg.fingerprintKeyPath()));
            tiers = new CostTiers(cfg.budgets(), dataDir);
        } catch (IOException e) {
            throw new ConfigException("cannot read or create state in " + dataDir + ": " + e.getMessage());
        }
        PolicyEngine policy = res.add(cfg.policy().opa().enabled() ? new OpaPolicyEngine(cfg.policy().opa(), clock)
                : LocalPolicyEngine.start(cfg.policyFilePath(), cfg.policy().file() != null, dataDir, cfg.policy().reloadInterval()));
        RateLimiter limiter = new InMemoryRateLimiter();
        ProviderRegistry providers = res.add(new ProviderRegistry(cfg.providers(), env));
        EndpointRegistry upstreams = new EndpointRegistry(cfg.providers(), providers, cfg.models(), cfg.routing(), clock);
        res.add(new EndpointMonitor(upstreams, cfg.routing().discovery(), clock));
        Router router = new Router(upstreams, cfg.routing(), cfg.tenants());
        ModelCatalog catalog = new ModelCatalog(router, cfg.limits().allowedModels(), cfg.tenants());
        AuthStage auth = new AuthStage(cfg.auth(), keys, clock, limiter, cfg.rateLimit().unauthenticatedRate());
        // Audit comes first so that its completion hook, run last-stage-first, sees everything the others added.
        // Rate limiting right after auth: every authenticated call counts, bad ones too, and no body is read before both.
        AuditStage auditStage = new AuditStage(audit, cfg.audit());
        RateLimitStage rateLimit = new RateLimitStage(limiter, cfg.rateLimit().callerRate(), cfg.tenants());
        List<Stage> stages = new ArrayList<>(List.of(auditStage, auth, rateLimit, RequireRole.CALLERS, new ValidateStage(cfg.limits(), catalog, router)));
        if (cfg.guard().enabled()) stages.add(new RequestGuardStage(engine, cfg.guard()));
        stages.add(new ContextFirewallStage(engine, cfg.context(), new DataGuard(cfg.guard())));
        PolicyStage policyStage = new PolicyStage(policy);
        stages.add(policyStage);
        if (cfg.cache().enabled()) {
            stages.add(new CacheStage(new ResponseCache(cfg.cache().ttl(), cfg.cache().maxEntries(), clock), cfg.cache()));
        }
        stages.add(new BudgetStage(ledger, tiers, new PriceTable(cfg.prices()), cfg.tenants(), cfg.budgets().estimateCompletionTokens()));
        if (cfg.guard().enabled() && cfg.guard().response().redact()) stages.add(new ResponseGuardStage(engine, cfg.guard()));
        stages.add(new ProviderStage(router, cfg.routing().maxAttempts(), policyStage::admit));
        InFlight inFlight = new InFlight(cfg.server());
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("audit", audit::healthy);
        checks.put("policy", policy::ready);
        HealthHandlers health = new HealthHandlers(checks, policy.mode(), cfg.devMode(), inFlight);
        Pipeline chat = new Pipeline(stages);
        ApiHandler completions = new ApiHandler(chat, new OpenAiChatCodec(), cfg.server().maxBodyBytes(), inFlight);
        Endpoints endpoints = new Endpoints(List.of(auditStage, auth, rateLimit), inFlight, cfg.server().maxBodyBytes());
        KeysAdmin keysAdmin = new KeysAdmin(keys, clock, cfg.tenants().keySet());
        PolicyAdmin policyAdmin = new PolicyAdmin(policy instanceof LocalPolicyEngine l ? l : null, cfg.policy().opa());
        BudgetAdmin budgetAdmin = new BudgetAdmin(tiers, ledger, cfg.tenants(), keys);
        AuditAdmin auditAdmin = new AuditAdmin(auditFile, audit, clock);
        EndpointsAdmin endpointsAdmin = new EndpointsAdmin(upstreams, cfg.routing().strategy());

        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = cfg.server().maxBodyBytes();
            c.http.prefer405over404 = true;
            // Our own connector for a deep accept queue: bursts of new connections wait instead of being reset.
            c.jetty.addConnector((server, http) -> {
                // Jetty's per-connection header cache (about 17 KB for each open connection) held most of the heap
                // when a burst opened thousands of connections; parsing headers afresh costs less than that memory.
                http.setHeaderCacheSize(0);
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(cfg.server().host());
                connector.setPort(cfg.server().port());
                connector.setAcceptQueueSize(1024);
                return connector;
            });
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.routes.before(ctx -> ctx.header(RequestIds.HEADER, RequestIds.from(ctx.header(RequestIds.HEADER))));
            c.routes.get("/healthz", health::healthz);
            c.routes.get("/readyz", health::readyz);
            c.routes.get("/v1/models", endpoints.of("/v1/models", RequireRole.CALLERS, new ModelsHandler(catalog)));
            c.routes.post("/v1/chat/completions", completions);
            c.routes.post("/v1/completions", new ApiHandler(chat, new OpenAiCompletionsCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.post("/v1/messages", new ApiHandler(chat, new AnthropicMessagesCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.post("/v1/embeddings", new ApiHandler(chat, new OpenAiEmbeddingsCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.get("/api/tags", endpoints.of("/api/tags", RequireRole.CALLERS, new OllamaTagsHandler(catalog), OllamaResponseEncoder::error));
            c.routes.post("/api/chat", new ApiHandler(chat, new OllamaChatCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.post("/api/generate", new ApiHandler(chat, new OllamaGenerateCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.post("/api/embed", new ApiHandler(chat, new OllamaEmbedCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.post("/api/embeddings", new ApiHandler(chat, new OllamaEmbeddingsCodec(), cfg.server().maxBodyBytes(), inFlight));
            c.routes.get("/admin/policy", endpoints.of("GET /admin/policy", RequireRole.AUDIT_READERS, policyAdmin::get));
            c.routes.put("/admin/policy", endpoints.of("PUT /admin/policy", RequireRole.ADMIN, policyAdmin::put));
            c.routes.get("/admin/keys", endpoints.of("GET /admin/keys", RequireRole.AUDIT_READERS, keysAdmin::list));
            c.routes.post("/admin/keys", endpoints.of("POST /admin/keys", RequireRole.ADMIN, keysAdmin::create));
            c.routes.delete("/admin/keys/{id}", endpoints.of("DELETE /admin/keys", RequireRole.ADMIN, keysAdmin::revoke));
            c.routes.get("/admin/budget", endpoints.of("GET /admin/budget", RequireRole.AUDIT_READERS, budgetAdmin::usage));
            c.routes.get("/admin/budget/assignments", endpoints.of("GET /admin/budget/assignments", RequireRole.AUDIT_READERS, budgetAdmin::assignments));
            c.routes.put("/admin/budget/assignments", endpoints.of("PUT /admin/budget/assignments", RequireRole.ADMIN, budgetAdmin::assign));
            c.routes.get("/admin/usage", endpoints.of("GET /admin/usage", RequireRole.AUDIT_READERS, auditAdmin::usage));
            c.routes.get("/admin/audit", endpoints.of("GET /admin/audit", RequireRole.AUDIT_READERS, auditAdmin::rows));
            c.routes.get("/admin/endpoints", endpoints.of("GET /admin/endpoints", RequireRole.AUDIT_READERS, endpointsAdmin::list));
            c.routes.exception(HttpResponseException.class, HttpErrors::routing);
            c.routes.exception(Exception.class, HttpErrors::unexpected);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new ConfigException("cannot listen on " + cfg.server().host() + ":" + cfg.server().port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return new Gateway(cfg, app, audit, inFlight, auditFile, res);
    }

    /** Budgets count from the audit log after a restart: today's use is not forgotten. */
    private static void seedBudgets(BudgetLedger ledger, Path auditFile) throws SQLException {
        long dayStart = ledger.today().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        try (AuditStore store = AuditStore.openReadOnly(auditFile)) {
            AuditUsage.BudgetUse use = store.usage().budgetUnitsSince(dayStart);
            use.byTenant().forEach((t, units) -> ledger.seed(BudgetStage.tenantScope(t), units));
            use.byKey().forEach((k, units) -> ledger.seed(BudgetStage.keyScope(k), units));
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
        resources.close(); // the audit writer last: it was opened first
    }

    @Override
    public void close() {
        stop();
    }
}
