package llmgw;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.util.Map;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.config.GatewayConfig;
import org.junit.jupiter.api.Test;

/** The dev token must not be reachable from other machines by accident. */
class RemoteDevTokenTest {

    static GatewayConfig config(String yaml, Map<String, String> env) throws Exception {
        return new ConfigLoader(env).parse(yaml).withDataDir(Files.createTempDirectory("llmgw-remote").toString());
    }

    @Test
    void wildcardAddressWithDevTokenIsRefused() throws Exception {
        GatewayConfig cfg = config("server:\n  host: 0.0.0.0\n  port: 0\n", Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> Gateway.start(cfg, Map.of()));
        assertTrue(e.getMessage().contains("refusing to bind 0.0.0.0"));
    }

    @Test
    void forcingItOrUsingJwtsAllowsIt() throws Exception {
        try (Gateway forced = Gateway.start(config("server:\n  host: 0.0.0.0\n  port: 0\n  allow_remote_dev_token: true\n", Map.of()), Map.of())) {
            assertTrue(forced.port() > 0);
        }
        try (Gateway jwt = Gateway.start(config("server:\n  host: 0.0.0.0\n  port: 0\n",
                Map.of("JWT_SECRET", "a-secret-of-well-over-thirty-two-bytes-0123")), Map.of())) {
            assertTrue(jwt.port() > 0);
        }
    }
}
