package dev.txmq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * {@code bench_row}, the table every unit of work INSERTs a row into, read through one connection the
 * harness keeps open. While W3 runs the harness counts its rows every 100 ms: on this connection, and
 * only among the rows after a given id (a range of the primary key), so it starts no PostgreSQL backend
 * and scans no earlier segment's rows, and adds next to nothing to PostgreSQL's CPU in the measured window.
 */
final class BenchTable implements AutoCloseable {

    private final Connection connection;

    /** Connects and creates the table if missing; {@code created_at} is PostgreSQL's {@code clock_timestamp()} at the INSERT. */
    BenchTable(DataSource database) throws SQLException {
        connection = database.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_row (id BIGSERIAL PRIMARY KEY, tag TEXT NOT NULL, seq BIGINT NOT NULL,"
                    + " created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
        }
    }

    /** Empties the table (ids go on growing), so every segment starts from the same table whatever ran before. */
    void reset() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE bench_row");
        }
    }

    /**
     * A PostgreSQL checkpoint now, so that none falls into the next segment: the WAL written since is one
     * segment's, far below what would start one, and checkpoint_timeout counts from here.
     */
    void checkpoint() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** The highest id so far (0: none); rows inserted from now on have higher ids. */
    long lastId() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM bench_row")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows with {@code tag} and an id above {@code afterId} (0: all rows with the tag). */
    long rows(String tag, long afterId) throws SQLException {
        return query("SELECT count(*)", tag, afterId)[0];
    }

    /** When the first and the last row with {@code tag} and an id above {@code afterId} were inserted. */
    Span span(String tag, long afterId) throws SQLException {
        long[] micros = query("SELECT (EXTRACT(EPOCH FROM min(created_at)) * 1000000)::bigint,"
                + " (EXTRACT(EPOCH FROM max(created_at)) * 1000000)::bigint", tag, afterId);
        return new Span(micros[0], micros[1]);
    }

    /** From the first to the last row's {@code created_at}, in epoch microseconds (this machine's clock). */
    record Span(long firstMicros, long lastMicros) {

        long nanos() {
            return (lastMicros - firstMicros) * 1000;
        }

        long fromMs() {
            return Math.round(firstMicros / 1000.0);
        }

        long untilMs() {
            return Math.round(lastMicros / 1000.0);
        }
    }

    private long[] query(String select, String tag, long afterId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select + " FROM bench_row WHERE id > ? AND tag = ?")) {
            query.setLong(1, afterId);
            query.setString(2, tag);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long[] values = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getLong(i + 1);
                }
                return values;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
