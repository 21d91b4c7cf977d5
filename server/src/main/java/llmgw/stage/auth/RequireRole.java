package llmgw.stage.auth;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.pipeline.Outcome;
import llmgw.pipeline.Principal.Role;
import llmgw.pipeline.Stage;

/** Lets through only callers holding one of the given roles: 403 for the others. */
public final class RequireRole implements Stage {
    /** Model calls: users and admins. Auditors read records; they do not send prompts. */
    public static final RequireRole CALLERS = new RequireRole(EnumSet.of(Role.USER, Role.ADMIN));
    public static final RequireRole ADMIN = new RequireRole(EnumSet.of(Role.ADMIN));
    /** Read-only audit and security endpoints. */
    public static final RequireRole AUDIT_READERS = new RequireRole(EnumSet.of(Role.ADMIN, Role.AUDITOR));

    private final Set<Role> allowed;
    private final String names;

    private RequireRole(Set<Role> allowed) {
        this.allowed = allowed;
        this.names = allowed.stream().map(Role::wireName).collect(Collectors.joining(" or "));
    }

    @Override
    public Outcome onRequest(Exchange ex) {
        Role role = ex.principal().role();
        if (allowed.contains(role)) return Outcome.NEXT;
        return Outcome.reject(GatewayError.forbidden("insufficient_role",
                "this endpoint needs the role " + names + "; the caller has " + role.wireName()));
    }
}
