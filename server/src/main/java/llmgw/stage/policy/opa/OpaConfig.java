package llmgw.stage.policy.opa;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import llmgw.config.Problems;

/**
 * Where Open Policy Agent runs and how the gateway asks it ({@code policy.opa} in the config).
 *
 * @param url OPA's base URL, e.g. {@code http://127.0.0.1:8181}; blank leaves OPA off
 * @param path the policy document under {@code /v1/data/}, e.g. {@code llmgw/authz}
 * @param timeout the most one OPA call (connect and answer) may take
 * @param cacheTtl how long an OPA decision is reused for an identical input; 0 turns the cache off
 * @param cacheSize the most decisions kept; 0 turns the cache off
 * @param failOpen let requests through when OPA cannot decide (off: they are denied)
 */
public record OpaConfig(String url, String path, Duration timeout, Duration cacheTtl, Integer cacheSize, Boolean failOpen) {
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_CACHE_TTL = Duration.ofHours(1);

    public OpaConfig {
        if (url != null) url = url.strip();
        path = path == null ? "llmgw/authz" : path.replaceAll("^/+|/+$", "");
        if (timeout == null) timeout = Duration.ofMillis(500);
        if (cacheTtl == null) cacheTtl = Duration.ofSeconds(5);
        if (cacheSize == null) cacheSize = 10_000;
        if (failOpen == null) failOpen = false;
    }

    public static OpaConfig defaults() {
        return new OpaConfig(null, null, null, null, null, null);
    }

    /** OPA decides only when a URL is set. */
    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The URL without any {@code user:password@} part, for logs and admin answers. */
    public String displayUrl() {
        if (!enabled()) return url;
        try {
            java.net.URI u = java.net.URI.create(url.trim());
            if (u.getRawUserInfo() == null) return url.trim();
            return new java.net.URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(unparsable URL)";
        }
    }

    public OpaConfig withUrl(String newUrl) {
        return new OpaConfig(newUrl, path, timeout, cacheTtl, cacheSize, failOpen);
    }

    public OpaConfig withPath(String newPath) {
        return new OpaConfig(url, newPath, timeout, cacheTtl, cacheSize, failOpen);
    }

    public void validate(String yamlPath, Problems p) {
        if (!enabled()) return;
        if (!isHttpUrl(url)) {
            p.add(yamlPath + ".url", "is '" + url + "'; use an http:// or https:// URL such as http://127.0.0.1:8181");
        }
        if (!PATH.matcher(path).matches()) {
            p.add(yamlPath + ".path", "is '" + path + "'; use the policy's package as a path of letters, digits, _ and -, such as llmgw/authz");
        }
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            p.add(yamlPath + ".timeout", "is " + timeout.toMillis() + "ms; set between 1ms and 30s");
        }
        if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            p.add(yamlPath + ".cache_ttl", "is " + cacheTtl.toMillis() + "ms; set between 0 (no cache) and 1h");
        }
        p.atLeast(yamlPath + ".cache_size", cacheSize, 0);
    }

    private static boolean isHttpUrl(String u) {
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
