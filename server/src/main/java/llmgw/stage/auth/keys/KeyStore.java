package llmgw.stage.auth.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import llmgw.api.Json;
import llmgw.pipeline.Principal;
import llmgw.store.SqliteFiles;

/**
 * The API keys of one data dir, in {@code keys.db}. The gateway and {@code llmgw keys} open the same
 * file; every authentication reads the row afresh, so a revocation from either side counts at once.
 */
public final class KeyStore implements AutoCloseable {
    public static final String FILE = "keys.db";
    private static final List<List<String>> MIGRATIONS = List.of(List.of("""
            CREATE TABLE api_key (
              id TEXT PRIMARY KEY,
              hash BLOB NOT NULL,
              name TEXT NOT NULL,
              tenant TEXT NOT NULL,
              role TEXT NOT NULL,
              tier TEXT,
              models TEXT NOT NULL,
              providers TEXT NOT NULL,
              rpm INTEGER,
              daily_tokens INTEGER,
              created_at INTEGER NOT NULL,
              expires_at INTEGER,
              revoked_at INTEGER)""",
            "CREATE INDEX api_key_tenant ON api_key(tenant)"));
    private static final String COLUMNS = "id, name, tenant, role, tier, models, providers, rpm, daily_tokens, created_at, expires_at, revoked_at";

    private final Connection conn;

    private KeyStore(Connection conn) {
        this.conn = conn;
    }

    public static KeyStore open(Path dataDir) throws SQLException {
        Connection c = SqliteFiles.openForWriting(dataDir.resolve(FILE));
        SqliteFiles.migrate(c, MIGRATIONS, "API key");
        return new KeyStore(c);
    }

    /** A new key: its stored description, and the key itself, which nothing keeps. */
    public record Created(ApiKey key, String secret) {}

    /** What a presented key turned out to be. */
    public sealed interface Lookup {
        record Valid(ApiKey key) implements Lookup {}
        record Unknown() implements Lookup {}
        record Revoked(ApiKey key) implements Lookup {}
        record Expired(ApiKey key) implements Lookup {}
    }

    /** Creates a key from a spec whose {@link KeySpec#problems()} are empty. */
    public synchronized Created create(KeySpec spec, Instant at) throws SQLException {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // what the database keeps
        String id = ApiKeySecrets.newId();
        String secret = ApiKeySecrets.newKey(id);
        Instant expires = spec.lifetime() == null ? null : now.plus(spec.lifetime());
        ApiKey key = new ApiKey(id, spec.name().trim(), spec.tenant().trim(), Principal.Role.parse(spec.role()), spec.tier(),
                spec.models(), spec.endpoints(), spec.rpm(), spec.dailyTokens(), now, expires, null);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO api_key(hash, " + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            ps.setBytes(i++, ApiKeySecrets.hash(secret));
            ps.setString(i++, key.id());
            ps.setString(i++, key.name());
            ps.setString(i++, key.tenant());
            ps.setString(i++, key.role().wireName());
            ps.setString(i++, key.tier());
            ps.setString(i++, json(key.models()));
            ps.setString(i++, json(key.providers()));
            ps.setObject(i++, key.rpm());
            ps.setObject(i++, key.dailyTokens());
            ps.setLong(i++, now.toEpochMilli());
            ps.setObject(i++, expires == null ? null : expires.toEpochMilli());
            ps.setObject(i, null);
            ps.executeUpdate();
        }
        return new Created(key, secret);
    }

    /** Checks a presented key: found by its public id, then its hash compared in constant time. */
    public synchronized Lookup authenticate(String presented, Instant now) throws SQLException {
        ApiKeySecrets.Presented p = ApiKeySecrets.parse(presented);
        if (p == null) return new Lookup.Unknown();
        try (PreparedStatement ps = conn.prepareStatement("SELECT hash, " + COLUMNS + " FROM api_key WHERE id = ?")) {
            ps.setString(1, p.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !ApiKeySecrets.matches(p.key(), rs.getBytes("hash"))) return new Lookup.Unknown();
                ApiKey key = row(rs);
                if (key.revokedAt() != null) return new Lookup.Revoked(key);
                if (key.expired(now)) return new Lookup.Expired(key);
                return new Lookup.Valid(key);
            }
        }
    }

    /** Keys newest first, of one tenant or (tenant null) of all. */
    public synchronized List<ApiKey> list(String tenant) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM api_key" + (tenant == null ? "" : " WHERE tenant = ?") + " ORDER BY created_at DESC, id";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (tenant != null) ps.setString(1, tenant);
            List<ApiKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        }
    }

    public synchronized Optional<ApiKey> find(String id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM api_key WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Revokes a key; revoking twice keeps the first time. Empty when there is no such key. */
    public synchronized Optional<ApiKey> revoke(String id, Instant now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
        return find(id);
    }

    private static ApiKey row(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("tenant"), Principal.Role.parse(rs.getString("role")),
                rs.getString("tier"), strings(rs.getString("models")), strings(rs.getString("providers")),
                (Integer) nullable(rs, "rpm", true), (Long) nullable(rs, "daily_tokens", false),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "expires_at"), instant(rs, "revoked_at"));
    }

    private static Object nullable(ResultSet rs, String column, boolean asInt) throws SQLException {
        long v = rs.getLong(column);
        if (rs.wasNull()) return null;
        return asInt ? (Object) (int) v : (Object) v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static String json(List<String> values) {
        try {
            return Json.MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(String json) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored key has unreadable lists: " + e.getOriginalMessage());
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        conn.close();
    }
}
