package llmgw.http;

import static org.junit.jupiter.api.Assertions.*;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.testing.TestGateway;
import llmgw.testing.TestGateway.Reply;
import org.junit.jupiter.api.Test;

/** Inputs that used to reach a 500, slip past limits or the audit log. */
class HardeningTest {

    @Test
    void aTruncatedBodyIsA400AndAudited() throws Exception {
        try (TestGateway gw = TestGateway.dev()) {
            int port = gw.gateway().port();
            String response;
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-token\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("invalid_body"), response);
            assertEquals("invalid_body", gw.auditRows().getFirst().errorClass());
        }
    }

    @Test
    void malformedHttpGetsAJsonErrorWithARequestId() throws Exception {
        try (TestGateway gw = TestGateway.dev()) {
            String response;
            try (Socket s = new Socket("127.0.0.1", gw.gateway().port())) {
                s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("application/json"), response);
            assertTrue(response.contains("X-Request-Id: req_"), response);
            assertTrue(response.contains("\"error\""), response);
            assertFalse(response.contains("<html"), response);
        }
    }

    @Test
    void aTokenWhoseTenantIsNotAStringIs401() {
        try (TestGateway gw = TestGateway.withJwt("")) {
            String t = Jwts.builder().subject("a").claim("tenant", 42).claim("role", "user")
                    .expiration(Date.from(Instant.now().plusSeconds(600)))
                    .signWith(Keys.hmacShaKeyFor(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
            assertEquals(401, gw.chat(t, TestGateway.chatBody("stub", "x")).status());
        }
    }

    @Test
    void badRequestsAndModelListingsCountAgainstTheRateAndAreAudited() {
        try (TestGateway gw = TestGateway.withJwt("rate_limit:\n  requests_per_minute: 1\n  burst: 3\n")) {
            String t = TestGateway.token("alice", "acme", "user");
            assertEquals(404, gw.chat(t, TestGateway.chatBody("nope", "x")).status());
            assertEquals(400, gw.chat(t, "{").status());
            assertEquals(200, gw.get("/v1/models", t).status());
            Reply limited = gw.get("/v1/models", t);
            assertEquals(429, limited.status());
            assertNotNull(limited.header("Retry-After"));
            assertEquals(429, gw.chat(t, TestGateway.chatBody("stub", "x")).status());
            var rows = gw.auditRows();
            assertEquals(5, rows.size());
            assertEquals(2, rows.stream().filter(r -> r.endpoint().equals("/v1/models")).count());
        }
    }

    @Test
    void unauthenticatedRequestsAreRefusedBeforeTheBodyIsRead() {
        try (TestGateway gw = TestGateway.start("server:\n  max_body_bytes: 2048\n", Map.of())) {
            Reply r = gw.chat(null, TestGateway.chatBody("stub", "x".repeat(10_000)));
            assertEquals(401, r.status(), "auth answers before the oversized body is even looked at");
        }
    }

    @Test
    void wrongMethodIs405InOpenAiForm() {
        try (TestGateway gw = TestGateway.dev()) {
            Reply r = gw.get("/v1/chat/completions", "dev-token");
            assertEquals(405, r.status());
            assertEquals("method_not_allowed", r.errorCode());
        }
    }

    @Test
    void deeplyNestedJsonIsA400WithoutParserInternals() {
        try (TestGateway gw = TestGateway.dev()) {
            Reply r = gw.chat("dev-token", "{\"model\":\"stub\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}");
            assertEquals(400, r.status());
            assertFalse(r.body().contains("StreamReadConstraints"), r.body());
        }
    }

    @Test
    void streamedAnswersCarryCitationsToo() {
        try (TestGateway gw = TestGateway.dev()) {
            Reply r = gw.chat("dev-token", "{\"model\":\"stub\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],"
                    + "\"context\":{\"chunks\":[{\"id\":\"d9\",\"content\":\"Refunds take 30 days.\"}]}}");
            assertEquals("d9", r.events().getFirst().path("citations").get(0).asText());
        }
    }

    @Test
    void configsThatCannotWorkAreRefused() {
        ConfigException badUrl = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of())
                .parse("providers:\n  up: {type: openai, base_url: \"http://bad host/v1\"}\n"));
        assertTrue(badUrl.getMessage().contains("providers.up.base_url"));
        ConfigException noAuth = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).parse("auth:\n  dev_token: disabled\n"));
        assertTrue(noAuth.getMessage().contains("no request could ever authenticate"));
    }
}
