package llmgw.stage.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import llmgw.testing.FakeUpstream;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS upstream: its certificate is checked against the trust store, and a trusted one is served. */
class UpstreamTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    static Path keystore;
    static HttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        keystore = dir.resolve("upstream.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            FakeUpstream.json(ex, 200, FakeUpstream.completion("hello over TLS"));
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static TestGateway gateway() {
        return TestGateway.start("""
                providers:
                  up: {type: openai, base_url: "https://127.0.0.1:%d/v1"}
                models:
                  - {name: up, provider: up}
                """.formatted(server.getAddress().getPort()), Map.of());
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        try (TestGateway gw = gateway()) {
            var r = gw.chat("dev-token", TestGateway.chatBody("up", "hi"));
            assertEquals(502, r.status(), r.body());
            assertEquals("upstream_tls_failed", r.errorCode());
        }
    }

    @Test
    void aTrustedCertificateIsServed() {
        String before = System.getProperty("javax.net.ssl.trustStore");
        System.setProperty("javax.net.ssl.trustStore", keystore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        try (TestGateway gw = gateway()) {
            var r = gw.chat("dev-token", TestGateway.chatBody("up", "hi"));
            assertEquals(200, r.status(), r.body());
            assertEquals("hello over TLS", r.json().path("choices").get(0).path("message").path("content").asText());
        } finally {
            if (before == null) System.clearProperty("javax.net.ssl.trustStore");
            else System.setProperty("javax.net.ssl.trustStore", before);
            System.clearProperty("javax.net.ssl.trustStorePassword");
        }
    }
}
