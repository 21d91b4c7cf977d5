package llmgw.config;

import java.time.Duration;

/**
 * Listener settings.
 *
 * @param allowRemoteDevToken lets a gateway that accepts the dev token bind a non-loopback address
 * @param maxInFlight requests served at once; more get 503 {@code overloaded} at once instead of piling
 *                    up until memory runs out
 */
public record ServerConfig(String host, Integer port, Long maxBodyBytes, Duration shutdownGrace, Boolean allowRemoteDevToken,
                           Integer maxInFlight) {
    public ServerConfig {
        if (host == null) host = "127.0.0.1";
        if (port == null) port = 8000;
        if (maxBodyBytes == null) maxBodyBytes = 1_048_576L;
        if (shutdownGrace == null) shutdownGrace = Duration.ofSeconds(10);
        if (allowRemoteDevToken == null) allowRemoteDevToken = false;
        if (maxInFlight == null) maxInFlight = 1024;
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null);
    }

    public ServerConfig withListen(String newHost, Integer newPort) {
        return new ServerConfig(newHost == null ? host : newHost, newPort == null ? port : newPort,
                maxBodyBytes, shutdownGrace, allowRemoteDevToken, maxInFlight);
    }

    void validate(Problems p) {
        if (port < 0 || port > 65535) p.add("server.port", "is " + port + "; use 0 (any free port) to 65535");
        p.atLeast("server.max_body_bytes", maxBodyBytes, 1024);
        if (shutdownGrace.isNegative()) p.add("server.shutdown_grace", "must not be negative");
        p.atLeast("server.max_in_flight", maxInFlight, 1);
    }
}
