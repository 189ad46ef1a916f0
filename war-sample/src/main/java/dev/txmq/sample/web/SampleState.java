package dev.txmq.sample.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import dev.txmq.api.Headers;
import dev.txmq.api.QueueStatistics;
import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;

/**
 * Reads the samples' tables and dead-letter queues for the page; read-only, outside any transaction
 * (each query sees what is committed; browsing a queue never consumes).
 */
@ApplicationScoped
public class SampleState {

    /** The most rows of each table {@link #read()} returns. */
    static final int ROWS = 50;

    /** txmq's default dead-letter prefix: the dead-letter queue of news is DLQ.news. */
    private static final String DEAD_LETTER_PREFIX = "DLQ.";

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/Queues")
    private Queues queues;

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
                    deadLetters());
        } catch (SQLException e) {
            throw new SampleDatabaseException("Could not read the samples' tables", e);
        }
    }

    /** The newest messages of every dead-letter queue, read (not consumed) through txmq's Queues API. */
    private List<State.DeadLetter> deadLetters() {
        List<State.DeadLetter> dead = new ArrayList<>();
        for (QueueStatistics queue : queues.statistics()) {
            if (queue.queue().startsWith(DEAD_LETTER_PREFIX) && queue.messages() > 0) {
                queues.browse(queue.queue(), (int) Math.max(0, queue.messages() - ROWS), ROWS).forEach(m -> dead.add(deadLetter(m)));
            }
        }
        dead.sort(Comparator.comparing(State.DeadLetter::failedAt, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return dead.subList(0, Math.min(ROWS, dead.size()));
    }

    private static State.DeadLetter deadLetter(QueuedMessage message) {
        Map<String, String> headers = message.headers();
        String attempts = headers.get(Headers.DELIVERY_ATTEMPTS);
        String failedAt = headers.get(Headers.FAILED_AT);
        return new State.DeadLetter(message.queue(), headers.get(Headers.ORIGINAL_QUEUE), message.id(),
                message.correlationId(), message.bodyText(), headers.get(Headers.FAILURE_REASON),
                headers.get(Headers.FAILURE_EXCEPTION), attempts == null ? null : Integer.valueOf(attempts),
                failedAt == null ? null : Instant.parse(failedAt));
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
