package llmgw.stage.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums over the audit rows: what {@code GET /admin/usage}, {@code llmgw usage} and budgets after a restart read. */
public final class AuditUsage {
    private final Connection conn;

    AuditUsage(Connection conn) {
        this.conn = conn;
    }

    /**
     * Tokens and cost per tenant, API key and model between two times ({@code from} inclusive,
     * {@code to} exclusive), optionally of one tenant or key.
     */
    public List<UsageRow> byTenantKeyAndModel(String tenant, String keyId, long fromMillis, long toMillis) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT tenant, key_id, model, count(*) AS requests, sum(prompt_tokens) AS prompt, "
                + "sum(completion_tokens) AS completion, sum(budget_units) AS units, sum(cost_usd) AS cost "
                + "FROM audit WHERE ts >= ? AND ts < ? AND model IS NOT NULL");
        List<Object> args = new ArrayList<>(List.of(fromMillis, toMillis));
        if (tenant != null) {
            sql.append(" AND tenant = ?");
            args.add(tenant);
        }
        if (keyId != null) {
            sql.append(" AND key_id = ?");
            args.add(keyId);
        }
        sql.append(" GROUP BY tenant, key_id, model ORDER BY tenant, key_id, model");
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            List<UsageRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UsageRow(rs.getString("tenant"), rs.getString("key_id"), rs.getString("model"), rs.getLong("requests"),
                            rs.getLong("prompt"), rs.getLong("completion"), rs.getLong("units"),
                            rs.getObject("cost") == null ? null : rs.getDouble("cost")));
                }
            }
            return out;
        }
    }

    /** Budget units recorded since a time, per tenant and per API key: what a restart must not forget. */
    public BudgetUse budgetUnitsSince(long fromMillis) throws SQLException {
        return new BudgetUse(unitsBy("tenant", fromMillis), unitsBy("key_id", fromMillis));
    }

    /** Cost-weighted tokens per tenant and per API key id. */
    public record BudgetUse(Map<String, Long> byTenant, Map<String, Long> byKey) {}

    private Map<String, Long> unitsBy(String column, long fromMillis) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + column + ", sum(budget_units) FROM audit WHERE ts >= ? AND "
                + column + " IS NOT NULL AND budget_units > 0 GROUP BY " + column)) {
            ps.setLong(1, fromMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }
}
