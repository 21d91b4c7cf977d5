package llmgw.stage.auth;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Duration;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final AuthConfig.Jwt CFG = new AuthConfig.Jwt(TestGateway.SECRET, null, null, Duration.ofSeconds(5));

    @Test
    void remembersValidTokensOnlyAndWithinItsBound() {
        JwtVerifier verifier = new JwtVerifier(CFG, Clock.systemUTC(), 3);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(JwtVerifier.Result.Valid.class, verifier.verify(TestGateway.token("u" + i, "acme", "user")));
        }
        assertEquals(3, verifier.remembered());
        String forged = TestGateway.token("x".repeat(40), "u", "acme", "user", Duration.ofHours(1));
        assertInstanceOf(JwtVerifier.Result.Invalid.class, verifier.verify(forged));
        assertInstanceOf(JwtVerifier.Result.UnknownRole.class, verifier.verify(TestGateway.token("u", "acme", "root")));
        assertEquals(3, verifier.remembered(), "refused tokens are not remembered");
        assertInstanceOf(JwtVerifier.Result.Valid.class, verifier.verify(TestGateway.token("u4", "acme", "user")));
        assertTrue(verifier.remembered() <= 3, "the memory is bounded");
    }

    @Test
    void aRememberedTokenGivesTheSamePrincipal() {
        JwtVerifier verifier = new JwtVerifier(CFG, Clock.systemUTC());
        String t = TestGateway.tieredToken("alice", "acme", "admin", "gold");
        var first = assertInstanceOf(JwtVerifier.Result.Valid.class, verifier.verify(t)).principal();
        assertEquals(1, verifier.remembered());
        var again = assertInstanceOf(JwtVerifier.Result.Valid.class, verifier.verify(t)).principal();
        assertEquals(1, verifier.remembered(), "the second verification used the remembered token");
        assertEquals(first, again);
        assertEquals("acme", again.tenant());
        assertEquals("gold", again.tier());
        String other = TestGateway.tieredToken("alice", "acme", "user", "gold");
        assertEquals(llmgw.pipeline.Principal.Role.USER,
                assertInstanceOf(JwtVerifier.Result.Valid.class, verifier.verify(other)).principal().role());
    }
}
