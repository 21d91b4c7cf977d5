package llmgw.config;

import java.time.Duration;

/**
 * Listener settings.
 *
 * @param allowRemoteDevToken lets a gateway that accepts the dev token bind a non-loopback address
 * @param maxInFlight requests served at once; more get 503 {@code overloaded} at once instead of piling
 *                    up until memory runs out
 * @param maxInFlightBytes request bodies held at once, in bytes (a body of unknown length counts as
 *                         {@code maxBodyBytes}); past it, 503 {@code overloaded}. By default an eighth of the
 *                         heap: a request holds several copies of its body (bytes, parsed text, scan text,
 *                         upstream request) while it is served.
 */
public record ServerConfig(String host, Integer port, Long maxBodyBytes, Duration shutdownGrace, Boolean allowRemoteDevToken,
                           Integer maxInFlight, Long maxInFlightBytes) {
    public ServerConfig {
        if (host == null) host = "127.0.0.1";
        if (port == null) port = 8000;
        if (maxBodyBytes == null) maxBodyBytes = 1_048_576L;
        if (shutdownGrace == null) shutdownGrace = Duration.ofSeconds(10);
        if (allowRemoteDevToken == null) allowRemoteDevToken = false;
        if (maxInFlight == null) maxInFlight = 1024;
        if (maxInFlightBytes == null) maxInFlightBytes = Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 8);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null);
    }

    public ServerConfig withListen(String newHost, Integer newPort) {
        return new ServerConfig(newHost == null ? host : newHost, newPort == null ? port : newPort,
                maxBodyBytes, shutdownGrace, allowRemoteDevToken, maxInFlight, maxInFlightBytes);
    }

    public ServerConfig withAllowRemoteDevToken(boolean allow) {
        return new ServerConfig(host, port, maxBodyBytes, shutdownGrace, allow, maxInFlight, maxInFlightBytes);
    }

    void validate(Problems p) {
        if (port < 0 || port > 65535) p.add("server.port", "is " + port + "; use 0 (any free port) to 65535");
        p.atLeast("server.max_body_bytes", maxBodyBytes, 1024);
        if (shutdownGrace.isNegative()) p.add("server.shutdown_grace", "must not be negative");
        p.atLeast("server.max_in_flight", maxInFlight, 1);
        if (maxInFlightBytes < maxBodyBytes) {
            p.add("server.max_in_flight_bytes", "is " + maxInFlightBytes + "; it must be at least server.max_body_bytes ("
                    + maxBodyBytes + "), or a request of the largest allowed size could never be served");
        }
    }
}
