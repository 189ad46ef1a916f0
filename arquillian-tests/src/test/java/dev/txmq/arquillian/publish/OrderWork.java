package dev.txmq.arquillian.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/** The work both beans do in their transaction: INSERT an order, send it to two queues, end as asked. */
final class OrderWork {

    private OrderWork() {}

    static void place(DataSource database, PublisherFactory messaging, TransactionSynchronizationRegistry transaction,
                      String id, String queuePrefix, Outcome outcome, boolean sendFirst) {
        try (Publisher publisher = messaging.createPublisher()) {
            if (sendFirst) {
                send(publisher, id, queuePrefix);
                insert(database, id);
            } else {
                insert(database, id);
                send(publisher, id, queuePrefix);
            }
        }
        if (outcome == Outcome.THROW) {
            throw new IllegalStateException("Order " + id + " failed after its INSERT and sends (on purpose)");
        }
        if (outcome == Outcome.ROLLBACK_ONLY) {
            transaction.setRollbackOnly();
        }
        if (outcome == Outcome.VIOLATE_AT_COMMIT) {
            execute(database, "INSERT INTO order_codes (code) VALUES ('" + id + "'), ('" + id + "')");
        }
    }

    private static void send(Publisher publisher, String id, String queuePrefix) {
        publisher.send(queuePrefix + "-orders", new OrderPlaced(id, "book"));
        publisher.send(queuePrefix + "-audit", new OrderPlaced(id, "book"));
    }

    private static void execute(DataSource database, String sql) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + sql + ": " + e.getMessage(), e);
        }
    }

    private static void insert(DataSource database, String id) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (id, item) VALUES (?, 'book')")) {
            insert.setString(1, id);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not insert order " + id + ": " + e.getMessage(), e);
        }
    }

    /** The event published. */
    public record OrderPlaced(String orderId, String item) {}
}
