package llmgw.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import llmgw.api.Json;
import llmgw.http.PipelineEndpoint.Reply;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.stage.audit.AuditFilter;
import llmgw.stage.audit.AuditRecord;
import llmgw.stage.audit.AuditStore;
import llmgw.stage.audit.AuditWriter;
import llmgw.stage.audit.UsagePeriod;

/**
 * Read-only views of the audit log for admins and auditors: {@code GET /admin/audit} (rows, newest
 * last) and {@code GET /admin/usage} (tokens and cost by tenant, key and model).
 */
public final class AuditAdmin {
    private static final int MAX_ROWS = 1000;
    private static final ObjectMapper ROWS = Json.MAPPER.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final Path auditFile;
    private final AuditWriter writer;
    private final Clock clock;

    public AuditAdmin(Path auditFile, AuditWriter writer, Clock clock) {
        this.auditFile = auditFile;
        this.writer = writer;
        this.clock = clock;
    }

    public Reply usage(Exchange ex, Context ctx) {
        UsagePeriod period;
        try {
            period = UsagePeriod.parse(ctx.queryParam("from"), ctx.queryParam("to"), clock);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalidRequest("invalid_period", e.getMessage()).toException();
        }
        writer.awaitWritten(Duration.ofSeconds(2)); // the rows of calls just made are still in the writer's queue
        try (AuditStore store = AuditStore.openReadOnly(auditFile)) {
            return Reply.ok(UsageViews.json(period, store.usage().byTenantKeyAndModel(blankToNull(ctx.queryParam("tenant")), blankToNull(ctx.queryParam("key")),
                    period.from().toEpochMilli(), period.to().toEpochMilli())));
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    public Reply rows(Exchange ex, Context ctx) {
        long limit = longParam(ctx, "limit", 100);
        long after = longParam(ctx, "after", -1);
        if (limit < 1 || limit > MAX_ROWS) throw GatewayError.invalidRequest("invalid_limit", "limit must be 1 to " + MAX_ROWS).toException();
        writer.awaitWritten(Duration.ofSeconds(2));
        try (AuditStore store = AuditStore.openReadOnly(auditFile)) {
            AuditFilter filter = new AuditFilter(blankToNull(ctx.queryParam("tenant")), 0, 0);
            ObjectNode out = Json.MAPPER.createObjectNode();
            var data = out.putArray("data");
            for (AuditRecord r : store.query(filter, after, (int) limit)) data.add(ROWS.valueToTree(r));
            return Reply.ok(out);
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw GatewayError.invalidRequest("invalid_" + name, name + " is '" + v + "'; use a whole number").toException();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static RuntimeException unreadable(SQLException e) {
        org.slf4j.LoggerFactory.getLogger(AuditAdmin.class).error("cannot read the audit log: {}", e.getMessage());
        return GatewayError.unavailable("audit_unavailable", "the audit log cannot be read right now").toException();
    }
}
