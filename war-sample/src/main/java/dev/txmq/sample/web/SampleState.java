package dev.txmq.sample.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the samples' tables for the page; read-only, outside any transaction (each query sees what is committed). */
@ApplicationScoped
public class SampleState {

    /** The most rows of each table {@link #read()} returns. */
    static final int ROWS = 50;

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    /** A row of a result, read as a record; may throw what JDBC throws. */
    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** @throws SampleDatabaseException if a query fails, e.g. because the tables do not exist yet */
    public State read() {
        try (Connection connection = database.getConnection()) {
            return new State(
                    list(connection, "SELECT id, item, quantity, created_at FROM sample_orders ORDER BY created_at DESC",
                            r -> new State.Order(r.getString(1), r.getString(2), r.getInt(3), instant(r, 4))),
                    list(connection, "SELECT id, name, email, created_at FROM sample_users ORDER BY created_at DESC",
                            r -> new State.User(r.getString(1), r.getString(2), r.getString(3), instant(r, 4))),
                    list(connection, "SELECT id, queue, message_id, correlation_id, body, processed_at FROM processed"
                            + " ORDER BY id DESC", r -> new State.Processed(r.getLong(1), r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5), instant(r, 6))),
                    list(connection, "SELECT user_id, email, message_id, attempt, sent_at FROM welcome_emails ORDER BY id DESC",
                            r -> new State.WelcomeEmail(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
                                    instant(r, 5))),
                    list(connection, "SELECT id, queue, original_queue, message_id, correlation_id, body, failure_reason,"
                            + " failure_exception, attempts, failed_at, recorded_at FROM dead_letters ORDER BY id DESC",
                            SampleState::deadLetter));
        } catch (SQLException e) {
            throw new SampleDatabaseException("Could not read the samples' tables", e);
        }
    }

    private static State.DeadLetter deadLetter(ResultSet r) throws SQLException {
        return new State.DeadLetter(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getObject(9, Integer.class), instant(r, 10),
                instant(r, 11));
    }

    private static <T> List<T> list(Connection connection, String query, Row<T> row) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query + " FETCH FIRST " + ROWS + " ROWS ONLY");
             ResultSet rows = statement.executeQuery()) {
            List<T> list = new ArrayList<>();
            while (rows.next()) {
                list.add(row.read(rows));
            }
            return list;
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
