package llmgw.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Opening and migrating the gateway's SQLite files (audit log, API keys) the same way. */
public final class SqliteFiles {
    private SqliteFiles() {}

    /** Opens a database for writing, creating its directory, in WAL mode so readers never block the writer. */
    public static Connection openForWriting(Path file) throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create the directory for " + file + ": " + e.getMessage(), e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    /** Opens an existing database read-only, as the CLI does beside a running gateway. */
    public static Connection openReadOnly(Path file, String what, String missingHint) throws SQLException {
        if (!Files.exists(file)) throw new SQLException("no " + what + " database at " + file + " (" + missingHint + ")");
        Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    /**
     * Brings the schema up to date in one transaction. Each entry of {@code migrations} moves the
     * schema up one version; shipped entries are never edited, new ones are appended.
     */
    public static void migrate(Connection c, List<List<String>> migrations, String what) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version = schemaVersion(c);
            if (version > migrations.size()) {
                throw new SQLException("the " + what + " database has schema version " + version + ", newer than this llmgw knows ("
                        + migrations.size() + "); upgrade llmgw or use another data dir");
            }
            c.setAutoCommit(false);
            try {
                for (int v = version; v < migrations.size(); v++) {
                    for (String sql : migrations.get(v)) s.execute(sql);
                    s.execute("INSERT INTO schema_version(version) VALUES (" + (v + 1) + ")");
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    public static int schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
