package llmgw.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import llmgw.stage.audit.AuditConfig;
import llmgw.stage.budget.BudgetConfig;
import llmgw.stage.budget.PriceTable;
import llmgw.stage.policy.PolicyConfig;
import llmgw.stage.provider.routing.RoutingConfig;
import llmgw.stage.cache.CacheConfig;
import llmgw.stage.auth.AuthConfig;
import llmgw.stage.context.ContextConfig;
import llmgw.stage.scan.GuardConfig;
import llmgw.stage.limits.RateLimitConfig;
import llmgw.stage.provider.ModelRoute;
import llmgw.stage.provider.ProviderConfig;
import llmgw.stage.validate.RequestLimits;

/** The whole gateway configuration: one record per stage, bound from one YAML file. */
public record GatewayConfig(
        ServerConfig server,
        String dataDir,
        AuthConfig auth,
        List<ModelRoute> models,
        Map<String, ProviderConfig> providers,
        RequestLimits limits,
        RateLimitConfig rateLimit,
        Map<String, TenantConfig> tenants,
        AuditConfig audit,
        GuardConfig guard,
        ContextConfig context,
        PolicyConfig policy,
        BudgetConfig budgets,
        Map<String, PriceTable.Price> prices,
        List<ProviderConfig> endpoints,
        RoutingConfig routing,
        CacheConfig cache) {

    public static final String STUB = "stub";

    public GatewayConfig {
        if (server == null) server = ServerConfig.defaults();
        if (dataDir == null || dataDir.isBlank()) dataDir = "~/.llmgw";
        if (auth == null) auth = AuthConfig.defaults();
        // Entries that failed to bind arrive as null; their problem is already reported.
        models = Lists.present(models);
        Map<String, ProviderConfig> p = new LinkedHashMap<>();
        p.put(STUB, ProviderConfig.stub()); // always there unless replaced, so a config need not declare it
        if (providers != null) providers.forEach((k, v) -> { if (v != null) p.put(k, v); });
        // The endpoints: list (named entries) and the providers: map are two spellings of one registry.
        for (ProviderConfig e : Lists.present(endpoints)) if (e.name() != null && !e.name().isBlank()) p.put(e.name(), e);
        endpoints = Lists.present(endpoints);
        providers = Collections.unmodifiableMap(p);
        // Zero set-up: with no real upstream configured, the stub model is there to talk to.
        if (models.isEmpty() && p.keySet().stream().allMatch(STUB::equals)) models = List.of(new ModelRoute(STUB, STUB, null));
        if (limits == null) limits = RequestLimits.defaults();
        if (rateLimit == null) rateLimit = RateLimitConfig.defaults();
        Map<String, TenantConfig> t = new LinkedHashMap<>();
        if (tenants != null) tenants.forEach((k, v) -> t.put(k, v == null ? new TenantConfig(null, null, null, null) : v));
        tenants = Map.copyOf(t);
        if (audit == null) audit = AuditConfig.defaults();
        if (guard == null) guard = GuardConfig.defaults();
        if (context == null) context = ContextConfig.defaults();
        if (policy == null) policy = PolicyConfig.defaults();
        if (budgets == null) budgets = BudgetConfig.defaults();
        Map<String, PriceTable.Price> pr = new LinkedHashMap<>();
        if (prices != null) prices.forEach((k, v) -> { if (v != null) pr.put(k, v); });
        prices = pr;
        if (routing == null) routing = RoutingConfig.defaults();
        if (cache == null) cache = CacheConfig.defaults();
    }

    /** Zero set-up: the stub model, the dev token, defaults everywhere. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True when no JWT secret is configured: the laptop mode. */
    public boolean devMode() {
        return auth.jwt().secret() == null;
    }

    /** The data directory with {@code ~} expanded. */
    public Path dataPath() {
        if (dataDir.equals("~") || dataDir.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), dataDir.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(dataDir);
    }

    public GatewayConfig withServer(ServerConfig s) {
        return new GatewayConfig(s, dataDir, auth, models, providers, limits, rateLimit, tenants, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withDataDir(String dir) {
        return new GatewayConfig(server, dir, auth, models, providers, limits, rateLimit, tenants, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withAuth(AuthConfig a) {
        return new GatewayConfig(server, dataDir, a, models, providers, limits, rateLimit, tenants, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withLimits(RequestLimits l) {
        return new GatewayConfig(server, dataDir, auth, models, providers, l, rateLimit, tenants, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withRateLimit(RateLimitConfig r) {
        return new GatewayConfig(server, dataDir, auth, models, providers, limits, r, tenants, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withTenants(Map<String, TenantConfig> t) {
        return new GatewayConfig(server, dataDir, auth, models, providers, limits, rateLimit, t, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withAudit(AuditConfig a) {
        return new GatewayConfig(server, dataDir, auth, models, providers, limits, rateLimit, tenants, a, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withGuard(GuardConfig g) {
        return new GatewayConfig(server, dataDir, auth, models, providers, limits, rateLimit, tenants, audit, g, context, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withContext(ContextConfig c) {
        return new GatewayConfig(server, dataDir, auth, models, providers, limits, rateLimit, tenants, audit, guard, c, policy, budgets, prices, endpoints, routing, cache);
    }

    public GatewayConfig withPolicy(PolicyConfig p) {
        return new GatewayConfig(server, dataDir, auth, models, providers, limits, rateLimit, tenants, audit, guard, context, p, budgets, prices, endpoints, routing, cache);
    }

    /** The local policy file: {@code policy.file}, else {@code policy.yaml} in the data directory. */
    public Path policyFilePath() {
        return policy.file() == null ? dataPath().resolve("policy.yaml") : Path.of(policy.file());
    }

    /** Where the fingerprint key lives: {@code guard.fingerprint_key_file}, else in the data directory. */
    public Path fingerprintKeyPath() {
        return guard.fingerprintKeyFile() == null ? dataPath().resolve("fingerprint.key") : Path.of(guard.fingerprintKeyFile());
    }

    public GatewayConfig withModels(List<ModelRoute> m, Map<String, ProviderConfig> p) {
        return new GatewayConfig(server, dataDir, auth, m, p, limits, rateLimit, tenants, audit, guard, context, policy, budgets, prices, endpoints, routing, cache);
    }

    /**
     * Refuses a non-loopback bind while the dev token is accepted: anyone who could reach the port
     * would be an admin. {@code server.allow_remote_dev_token} forces it.
     */
    public void refuseRemoteDevToken() {
        if (!auth.devTokenEnabled() || server.allowRemoteDevToken()) return;
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(server.host()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("server.host '" + server.host() + "' does not resolve");
        }
        if (!loopback) {
            throw new ConfigException("refusing to bind " + server.host() + " while the dev token is accepted: anyone who can reach it "
                    + "would be let in. Set JWT_SECRET (or auth.jwt.secret), or bind 127.0.0.1, or force it with "
                    + "--allow-remote-dev-token (server.allow_remote_dev_token: true)");
        }
    }

    /** Checks everything that binding alone cannot, adding every problem found. */
    public void validate(Problems p) {
        server.validate(p);
        auth.validate(p);
        limits.validate(p);
        rateLimit.validate("rate_limit", p);
        audit.validate(p);
        guard.validate(p);
        context.validate(p);
        policy.validate(p);
        budgets.validate(p);
        PriceTable.validate(prices, p);
        providers.forEach((name, provider) -> provider.validate("providers." + name, p));
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String name = endpoints.get(i).name();
            if (name == null || name.isBlank()) p.add("endpoints[" + i + "].name", "is missing");
            else if (!named.add(name)) p.add("endpoints[" + i + "].name", "'" + name + "' is used twice");
        }
        for (String name : providers.keySet()) {
            // "endpoint/model" names a route explicitly, so an endpoint's own name cannot hold a slash
            if (name.contains("/")) p.add("providers." + name, "an endpoint name cannot contain '/'");
        }
        routing.validate(providers.keySet(), p);
        cache.validate(p);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            ModelRoute m = models.get(i);
            String path = "models[" + i + "]";
            if (m.name() == null || m.name().isBlank()) p.add(path + ".name", "is missing");
            else if (!seen.add(m.name() + "\u0000" + m.provider())) p.add(path + ".name", "'" + m.name() + "' is listed twice for provider " + m.provider());
            if (m.provider() == null) p.add(path + ".provider", "is missing; name one of " + providers.keySet());
            else if (!providers.containsKey(m.provider())) {
                p.add(path + ".provider", "'" + m.provider() + "' is not defined under providers; defined: " + providers.keySet());
            }
        }
        tenants.forEach((name, tenant) -> {
            if (tenant != null && tenant.rateLimit() != null) tenant.rateLimit().validate("tenants." + name + ".rate_limit", p);
            if (tenant != null && tenant.dailyTokens() != null) p.atLeast("tenants." + name + ".daily_tokens", tenant.dailyTokens(), 1);
            if (tenant != null) for (String e : tenant.endpoints()) {
                if (!providers.containsKey(e)) p.add("tenants." + name + ".endpoints", "names '" + e + "', which is not an endpoint; endpoints: " + providers.keySet());
            }
        });
    }
}
