package llmgw.stage.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import llmgw.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Every role against every admin endpoint: admins manage, auditors read, users get 403. */
class RoleAccessTest {

    /** One endpoint call with the status each role gets (user, auditor, admin). */
    private record Call(String method, String path, String contentType, String body, int user, int auditor, int admin) {}

    private static final List<Call> CALLS = List.of(
            new Call("GET", "/admin/policy", null, null, 403, 200, 200),
            new Call("PUT", "/admin/policy", "application/yaml", "default: allow\nrules: []\n", 403, 403, 200),
            new Call("GET", "/admin/keys", null, null, 403, 200, 200),
            new Call("POST", "/admin/keys", "application/json", "{\"tenant\":\"acme\",\"name\":\"k\"}", 403, 403, 201),
            new Call("DELETE", "/admin/keys/nosuchkey", null, null, 403, 403, 404),
            new Call("GET", "/admin/budget", null, null, 403, 200, 200),
            new Call("GET", "/admin/budget/assignments", null, null, 403, 200, 200),
            new Call("PUT", "/admin/budget/assignments", "application/json", "{\"assignments\":{\"stub\":\"standard\"}}", 403, 403, 200),
            new Call("GET", "/admin/usage", null, null, 403, 200, 200),
            new Call("GET", "/admin/audit", null, null, 403, 200, 200),
            new Call("POST", "/v1/chat/completions", "application/json", TestGateway.chatBody("stub", "hi"), 200, 403, 200),
            new Call("GET", "/v1/models", null, null, 200, 403, 200));

    @Test
    void eachRoleGetsWhatItsRoleAllows() {
        try (TestGateway gw = TestGateway.withJwt("rate_limit: {requests_per_minute: 100000, burst: 100000}\n")) {
            List<String> wrong = new ArrayList<>();
            for (String role : List.of("user", "auditor", "admin")) {
                String token = TestGateway.token("someone", "acme", role);
                for (Call c : CALLS) {
                    int expected = switch (role) {
                        case "user" -> c.user();
                        case "auditor" -> c.auditor();
                        default -> c.admin();
                    };
                    var reply = switch (c.method()) {
                        case "GET" -> gw.get(c.path(), token);
                        case "PUT" -> gw.put(c.path(), token, c.contentType(), c.body());
                        case "DELETE" -> gw.delete(c.path(), token);
                        default -> gw.post(c.path(), token, c.contentType(), c.body(), Map.of());
                    };
                    if (reply.status() != expected) wrong.add(role + " " + c.method() + " " + c.path() + " -> " + reply.status() + " " + reply.body());
                    if (reply.status() == 403) assertEquals("insufficient_role", reply.errorCode(), reply.body());
                }
            }
            assertEquals(List.of(), wrong);
            // Without credentials every admin endpoint is 401.
            for (Call c : CALLS) if (c.method().equals("GET")) assertEquals(401, gw.get(c.path(), null).status(), c.path());
        }
    }

    @Test
    void adminCallsAreAudited() {
        try (TestGateway gw = TestGateway.withJwt("")) {
            gw.get("/admin/keys", TestGateway.token("eve", "acme", "user"));
            var row = gw.auditRows().getFirst();
            assertEquals("GET /admin/keys", row.endpoint());
            assertEquals(403, row.status());
            assertEquals("eve", row.subject());
        }
    }
}
