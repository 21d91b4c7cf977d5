package llmgw.stage.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import llmgw.api.Json;
import llmgw.store.SqliteFiles;

/** The SQLite audit database: schema migrations, batched inserts and the queries behind {@code audit tail}. */
public final class AuditStore implements AutoCloseable {
    /** Each entry moves the schema up one version; never edit a shipped entry, append a new one. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE audit (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              request_id TEXT NOT NULL,
              ts INTEGER NOT NULL,
              tenant TEXT,
              subject TEXT,
              client_ip TEXT,
              endpoint TEXT,
              model TEXT,
              provider TEXT,
              status INTEGER NOT NULL,
              decision TEXT NOT NULL,
              reasons TEXT NOT NULL,
              latency_ms INTEGER NOT NULL,
              prompt_tokens INTEGER NOT NULL,
              completion_tokens INTEGER NOT NULL,
              streamed INTEGER NOT NULL,
              error_class TEXT,
              prompt TEXT,
              completion TEXT)""",
            "CREATE INDEX audit_ts ON audit(ts)",
            "CREATE INDEX audit_tenant_seq ON audit(tenant, seq)",
            "CREATE INDEX audit_status_seq ON audit(status, seq)"),
            List.of("""
            CREATE TABLE detection (
              id INTEGER PRIMARY KEY,
              audit_seq INTEGER NOT NULL REFERENCES audit(seq),
              phase TEXT NOT NULL,
              location TEXT,
              rule TEXT NOT NULL,
              category TEXT NOT NULL,
              entity TEXT,
              severity TEXT,
              action TEXT NOT NULL,
              start_offset INTEGER,
              end_offset INTEGER,
              fingerprint TEXT)""",
            "CREATE INDEX detection_audit_seq ON detection(audit_seq)",
            "CREATE INDEX detection_fingerprint ON detection(fingerprint)",
            "ALTER TABLE audit ADD COLUMN injection_score REAL",
            "ALTER TABLE audit ADD COLUMN detection_count INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE audit ADD COLUMN detection_summary TEXT"),
            List.of("ALTER TABLE audit ADD COLUMN key_id TEXT",
                    "ALTER TABLE audit ADD COLUMN tier TEXT",
                    "ALTER TABLE audit ADD COLUMN policy_version TEXT",
                    "ALTER TABLE audit ADD COLUMN cost_tier TEXT",
                    "ALTER TABLE audit ADD COLUMN budget_units INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE audit ADD COLUMN cost_usd REAL",
                    "CREATE INDEX audit_key_ts ON audit(key_id, ts)"),
            List.of("ALTER TABLE audit ADD COLUMN cache TEXT"));
    private static final String COLUMNS = "request_id, ts, tenant, subject, client_ip, endpoint, model, provider, status, decision, "
            + "reasons, latency_ms, prompt_tokens, completion_tokens, streamed, error_class, prompt, completion, "
            + "injection_score, detection_count, detection_summary, key_id, tier, policy_version, cost_tier, budget_units, cost_usd, cache";
    private static final String DETECTION_COLUMNS = "audit_seq, phase, location, rule, category, entity, severity, action, "
            + "start_offset, end_offset, fingerprint";

    private final Connection conn;

    private AuditStore(Connection conn) {
        this.conn = conn;
    }

    /** Opens (creating and migrating as needed) the database for writing. */
    public static AuditStore open(Path file) throws SQLException {
        Connection c = SqliteFiles.openForWriting(file);
        SqliteFiles.migrate(c, MIGRATIONS, "audit");
        return new AuditStore(c);
    }

    /** Opens an existing database for reading only, as {@code audit tail} does beside a running gateway. */
    public static AuditStore openReadOnly(Path file) throws SQLException {
        return new AuditStore(SqliteFiles.openReadOnly(file, "audit", "has llmgw serve run with this data dir?"));
    }

    public int schemaVersion() throws SQLException {
        return SqliteFiles.schemaVersion(conn);
    }

    /** Writes a batch in one transaction: one fsync for many rows; each row's detections point at its sequence number. */
    public void insert(List<AuditRecord> batch) throws SQLException {
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO audit(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement det = conn.prepareStatement("INSERT INTO detection(" + DETECTION_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (AuditRecord r : batch) {
                bind(ps, r);
                ps.executeUpdate();
                if (r.detections().isEmpty()) continue;
                long seq;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    seq = keys.getLong(1);
                }
                for (AuditDetection d : r.detections()) {
                    int i = 1;
                    det.setLong(i++, seq);
                    det.setString(i++, d.phase());
                    det.setString(i++, d.location());
                    det.setString(i++, d.rule());
                    det.setString(i++, d.category());
                    det.setString(i++, d.entity());
                    det.setString(i++, d.severity());
                    det.setString(i++, d.action());
                    det.setInt(i++, d.start());
                    det.setInt(i++, d.end());
                    det.setString(i, d.fingerprint());
                    det.addBatch();
                }
            }
            det.executeBatch();
            conn.commit();
        } catch (SQLException | JsonProcessingException | RuntimeException e) {
            try {
                conn.rollback(); // nothing of a failed batch stays: a retry must not write its first rows twice
            } catch (SQLException rollback) {
                e.addSuppressed(rollback); // the first failure is the one to report
            }
            if (e instanceof SQLException s && !isConstraint(s)) throw s; // the database's trouble: worth retrying
            // A row that cannot be encoded or breaks a constraint fails the same way every time: a bug in the row.
            throw e instanceof RuntimeException bug ? bug : new IllegalArgumentException("audit row cannot be written", e);
        } finally {
            conn.setAutoCommit(true);
        }
    }

    /** SQLite's SQLITE_CONSTRAINT (NOT NULL, CHECK, UNIQUE): the row, not the database. */
    private static boolean isConstraint(SQLException e) {
        return (e.getErrorCode() & 0xff) == 19;
    }

    private static void bind(PreparedStatement ps, AuditRecord r) throws SQLException, JsonProcessingException {
        int i = 1;
        ps.setString(i++, r.requestId());
        ps.setLong(i++, r.timeMillis());
        ps.setString(i++, r.tenant());
        ps.setString(i++, r.subject());
        ps.setString(i++, r.clientIp());
        ps.setString(i++, r.endpoint());
        ps.setString(i++, r.model());
        ps.setString(i++, r.provider());
        ps.setInt(i++, r.status());
        ps.setString(i++, r.decision());
        ps.setString(i++, Json.MAPPER.writeValueAsString(r.reasons()));
        ps.setLong(i++, r.latencyMs());
        ps.setInt(i++, r.promptTokens());
        ps.setInt(i++, r.completionTokens());
        ps.setInt(i++, r.streamed() ? 1 : 0);
        ps.setString(i++, r.errorClass());
        ps.setString(i++, r.prompt());
        ps.setString(i++, r.completion());
        ps.setObject(i++, r.injectionScore());
        ps.setInt(i++, r.detections().size());
        ps.setString(i++, r.detectionSummary());
        AuditRecord.Governance g = r.governance();
        ps.setString(i++, g.keyId());
        ps.setString(i++, g.tier());
        ps.setString(i++, g.policyVersion());
        ps.setString(i++, g.costTier());
        ps.setLong(i++, g.budgetUnits());
        ps.setObject(i++, g.costUsd());
        ps.setString(i, g.cacheStatus());
    }

    /** The detections recorded for one audit row. */
    public List<AuditDetection> detections(long auditSeq) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + DETECTION_COLUMNS + " FROM detection WHERE audit_seq = ? ORDER BY id")) {
            ps.setLong(1, auditSeq);
            List<AuditDetection> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditDetection(rs.getString("phase"), rs.getString("location"), rs.getString("rule"), rs.getString("category"),
                            rs.getString("entity"), rs.getString("severity"), rs.getString("action"), rs.getInt("start_offset"),
                            rs.getInt("end_offset"), rs.getString("fingerprint")));
                }
            }
            return out;
        }
    }

    /** The newest row's sequence number, 0 when there are none. */
    public long lastSeq() throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM audit")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Rows matching the filter with {@code seq} above {@code afterSeq}, oldest first. With
     * {@code afterSeq} below 0 it returns the newest {@code limit} rows instead.
     */
    public List<AuditRecord> query(AuditFilter filter, long afterSeq, int limit) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (filter.tenant() != null) {
            where.append(" AND tenant = ?");
            args.add(filter.tenant());
        }
        if (filter.statusFrom() > 0) {
            where.append(" AND status BETWEEN ? AND ?");
            args.add(filter.statusFrom());
            args.add(filter.statusTo());
        }
        String sql;
        if (afterSeq >= 0) {
            where.append(" AND seq > ?");
            args.add(afterSeq);
            sql = "SELECT seq, " + COLUMNS + " FROM audit" + where + " ORDER BY seq ASC LIMIT ?";
        } else {
            sql = "SELECT * FROM (SELECT seq, " + COLUMNS + " FROM audit" + where + " ORDER BY seq DESC LIMIT ?) ORDER BY seq ASC";
        }
        args.add(limit);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        }
    }

    private static AuditRecord row(ResultSet rs) throws SQLException {
        List<String> reasons;
        try {
            reasons = Json.MAPPER.readValue(rs.getString("reasons"), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            reasons = List.of();
        }
        return new AuditRecord(rs.getLong("seq"), rs.getString("request_id"), rs.getLong("ts"), rs.getString("tenant"),
                rs.getString("subject"), rs.getString("client_ip"), rs.getString("endpoint"), rs.getString("model"),
                rs.getString("provider"), rs.getInt("status"), rs.getString("decision"), reasons, rs.getLong("latency_ms"),
                rs.getInt("prompt_tokens"), rs.getInt("completion_tokens"), rs.getInt("streamed") == 1,
                rs.getString("error_class"), rs.getString("prompt"), rs.getString("completion"),
                rs.getObject("injection_score") == null ? null : rs.getDouble("injection_score"), rs.getString("detection_summary"), List.of(),
                new AuditRecord.Governance(rs.getString("key_id"), rs.getString("tier"), rs.getString("policy_version"),
                        rs.getString("cost_tier"), rs.getLong("budget_units"),
                        rs.getObject("cost_usd") == null ? null : rs.getDouble("cost_usd"), rs.getString("cache")));
    }

    /** Sums over the rows: usage by tenant, key and model, and budget use since a time. */
    public AuditUsage usage() {
        return new AuditUsage(conn);
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
