package llmgw.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import llmgw.detect.custom.CustomRule;
import llmgw.stage.limits.RateLimitConfig;

/**
 * Reads the YAML config: binds it, expands {@code ${ENV}} references, applies the environment
 * overrides ({@code JWT_SECRET}, {@code ALLOWED_MODELS}, {@code ALLOWED_CONTEXT_ORIGINS},
 * {@code RATE_LIMIT}/{@code RATE_WINDOW}, {@code OPA_URL}/{@code OPA_POLICY_PATH})
 * and validates the result, reporting every problem with its YAML path and line.
 */
public final class ConfigLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("llmgw-config").addDeserializer(Duration.class, new Durations.Deserializer()))
            .build();

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Loads a config file. */
    public GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** The zero-config setup, with environment overrides applied. */
    public GatewayConfig defaults() {
        return finish(GatewayConfig.defaults(), new Problems(Map.of()));
    }

    /** Parses config text. */
    public GatewayConfig parse(String yaml) {
        Problems problems = new Problems(lineIndex(yaml));
        GatewayConfig cfg = bind(yaml, GatewayConfig.class, problems);
        if (cfg == null) {
            problems.throwIfAny(); // not even YAML: later checks would only add noise
            cfg = GatewayConfig.defaults();
        }
        // Binding problems left defaults in place, so the checks below still find the other mistakes.
        return finish(cfg, problems);
    }

    /** A rules file as {@code llmgw scan --rules} reads it: {@code rules:} with the same entries as {@code guard.rules}. */
    public List<CustomRule> parseRules(String yaml) {
        Problems problems = new Problems(lineIndex(yaml));
        RulesFile file = bind(yaml, RulesFile.class, problems);
        List<CustomRule> rules = file == null ? List.of() : Lists.present(file.rules());
        for (int i = 0; i < rules.size(); i++) rules.get(i).validate("rules[" + i + "]", problems);
        problems.throwIfAny();
        return rules;
    }

    private record RulesFile(List<CustomRule> rules) {}

    /**
     * Parses another YAML document with the config's conventions (snake case, {@code ${ENV}},
     * every problem with its path and line), then runs its own checks.
     *
     * @throws ConfigException with every problem, also for an empty document
     */
    public <T> T parseDocument(String yaml, Class<T> type, java.util.function.BiConsumer<T, Problems> validate) {
        Problems problems = new Problems(lineIndex(yaml));
        T doc = bind(yaml, type, problems);
        problems.throwIfAny();
        if (doc == null) throw new ConfigException(List.of(new ConfigError("", 0, "the document is empty")));
        validate.accept(doc, problems);
        problems.throwIfAny();
        return doc;
    }

    /** Binds YAML to a type, collecting every binding problem; null for an empty document. */
    private <T> T bind(String yaml, Class<T> type, Problems problems) {
        try (JsonParser p = new InterpolatingParser(YAML.createParser(yaml), new EnvInterpolation(env), problems)) {
            JsonToken first = p.nextToken();
            if (first != null && first != JsonToken.START_OBJECT) {
                throw new ConfigException(List.of(new ConfigError("", p.currentTokenLocation().getLineNr(),
                        "the file must be a mapping of sections (server:, auth:, rules:, ...)")));
            }
            return first == null ? null : YAML.reader().withHandler(new ProblemCollector(problems)).readValue(p, type);
        } catch (JsonParseException e) {
            throw notYaml(e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException syntax) throw notYaml(syntax);
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(pathOf(e), line, firstLines(e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add("", 0, "cannot read: " + e.getMessage());
        }
        return null;
    }

    private GatewayConfig finish(GatewayConfig cfg, Problems problems) {
        cfg = applyEnvironment(cfg, problems);
        cfg.validate(problems);
        problems.throwIfAny();
        return cfg;
    }

    private GatewayConfig applyEnvironment(GatewayConfig cfg, Problems problems) {
        String secret = env.get("JWT_SECRET");
        if (secret != null && !secret.isEmpty()) cfg = cfg.withAuth(cfg.auth().withSecret(secret));
        String allowed = env.get("ALLOWED_MODELS");
        if (allowed != null && !allowed.isBlank()) {
            List<String> models = Arrays.stream(allowed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            cfg = cfg.withLimits(cfg.limits().withAllowedModels(models));
        }
        String origins = env.get("ALLOWED_CONTEXT_ORIGINS");
        if (origins != null && !origins.isBlank()) {
            cfg = cfg.withContext(cfg.context().withAllowedOrigins(
                    Arrays.stream(origins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
        }
        String opaUrl = env.get("OPA_URL");
        if (opaUrl != null && !opaUrl.isBlank()) cfg = cfg.withPolicy(cfg.policy().withOpa(cfg.policy().opa().withUrl(opaUrl.trim())));
        String opaPath = env.get("OPA_POLICY_PATH");
        if (opaPath != null && !opaPath.isBlank()) cfg = cfg.withPolicy(cfg.policy().withOpa(cfg.policy().opa().withPath(opaPath.trim())));
        String limit = env.get("RATE_LIMIT");
        if (limit != null && !limit.isBlank()) {
            try {
                int perWindow = Integer.parseInt(limit.trim());
                int window = Integer.parseInt(env.getOrDefault("RATE_WINDOW", "60").trim());
                if (perWindow < 1 || window < 1) throw new NumberFormatException();
                int perMinute = (int) Math.max(1, Math.round(perWindow * 60.0 / window));
                RateLimitConfig r = cfg.rateLimit();
                cfg = cfg.withRateLimit(new RateLimitConfig(perMinute, Math.min(perWindow, perMinute), r.unauthenticatedPerMinute(), r.unauthenticatedBurst()));
            } catch (NumberFormatException e) {
                problems.add("env RATE_LIMIT", "RATE_LIMIT and RATE_WINDOW must be whole numbers of 1 or more");
            }
        }
        return cfg;
    }

    /** Not YAML at all: whatever binding said before the break is noise, so this is the only problem. */
    private static ConfigException notYaml(JsonParseException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return new ConfigException(List.of(new ConfigError("", line, "not valid YAML: " + firstLines(e.getOriginalMessage()))));
    }

    /** The YAML parser's message without its source excerpts and caret lines. */
    private static String firstLines(String message) {
        if (message == null) return "";
        return message.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("in '") && !l.equals("^"))
                .filter(l -> !l.startsWith("at [Source"))
                .reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    /** Where each YAML path starts, so checks made after binding can still name a line. */
    private static Map<String, Integer> lineIndex(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) continue;
                String path = pathOf(p.getParsingContext());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) path = pathOf(p.getParsingContext().getParent());
                lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // a file that does not parse gets its error from the binding pass
        }
        return lines;
    }

    /** The YAML path of a parser position, like {@code models[1].provider}. */
    static String pathOf(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            else if (c.getCurrentName() != null) parts.push((c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
