package llmgw.cli.token;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;
import llmgw.cli.ExitCodes;
import llmgw.cli.UsageException;
import llmgw.cli.options.ConfigOption;
import llmgw.config.ConfigException;
import llmgw.config.Durations;
import llmgw.config.GatewayConfig;
import llmgw.pipeline.Principal;
import llmgw.stage.auth.AuthConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "mint", header = "Print a signed JWT that the gateway accepts.",
        mixinStandardHelpOptions = true,
        description = {"Signs an HS256 token with the claims sub, tenant, role, iat and exp (tier when given, iss/aud when the config sets them).",
                "The secret comes from an environment variable (default JWT_SECRET) or from a gateway config."},
        footer = {"%nExamples:",
                "  llmgw token mint --sub alice --tenant acme",
                "  llmgw token mint --sub ops --tenant acme --role admin --ttl 15m --secret-env GATEWAY_JWT_SECRET",
                "  TOKEN=$(llmgw token mint --sub ci --tenant acme --config gateway.yaml)"})
final class MintCommand implements Callable<Integer> {
    @ParentCommand TokenCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--sub", required = true, description = "Subject: the user or service.") String sub;
    @Option(names = "--tenant", required = true, description = "Tenant the subject belongs to.") String tenant;
    @Option(names = "--role", defaultValue = "user", description = "user, admin or auditor (default: ${DEFAULT-VALUE}).") String role;
    @Option(names = "--tier", description = "The caller's tier for policy rules, e.g. free or premium (claim tier).") String tier;
    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, e.g. 15m, 1h, 7d (default: ${DEFAULT-VALUE}).") String ttl;

    @ArgGroup(exclusive = true) SecretSource source = new SecretSource();

    static final class SecretSource {
        @Option(names = "--secret-env", paramLabel = "VAR", description = "Environment variable holding the secret (default: JWT_SECRET).")
        String secretEnv;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Take secret, issuer and audience from this gateway config.")
        java.nio.file.Path config;
    }

    @Override
    public Integer call() {
        if (Principal.Role.parse(role) == null) throw new UsageException("--role is '" + role + "'; use user, admin or auditor");
        Duration lifetime;
        try {
            lifetime = Durations.parse(ttl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ttl " + e.getMessage());
        }
        if (lifetime.isZero()) throw new UsageException("--ttl must be longer than 0");
        AuthConfig.Jwt jwt = jwtSettings();
        Instant now = Instant.now();
        var builder = Jwts.builder()
                .subject(sub)
                .claim("tenant", tenant)
                .claim("role", role)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)));
        if (tier != null && !tier.isBlank()) builder.claim("tier", tier);
        if (jwt.issuer() != null) builder.issuer(jwt.issuer());
        if (jwt.audience() != null) builder.audience().add(jwt.audience());
        String token = builder.signWith(Keys.hmacShaKeyFor(jwt.secret().getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
        spec.commandLine().getOut().println(token);
        return ExitCodes.OK;
    }

    private AuthConfig.Jwt jwtSettings() {
        var env = parent.root.vars();
        if (source.config != null) {
            ConfigOption option = new ConfigOption();
            option.file = source.config;
            GatewayConfig cfg = option.load(env);
            if (cfg.auth().jwt().secret() == null) throw new ConfigException(source.config + " sets no auth.jwt.secret (nor is JWT_SECRET set)");
            return cfg.auth().jwt();
        }
        String var = source.secretEnv == null ? "JWT_SECRET" : source.secretEnv;
        String secret = env.get(var);
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("environment variable " + var + " is not set");
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException(var + " is shorter than 32 bytes; the gateway refuses such secrets");
        }
        return new AuthConfig.Jwt(secret, null, null, null);
    }
}
