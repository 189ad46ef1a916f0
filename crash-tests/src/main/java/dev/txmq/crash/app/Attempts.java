package dev.txmq.crash.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** Writes down a delivery attempt of {@link PoisonConsumer} in {@code crash_attempts}, committed whatever the delivery does. */
@Stateless
public class Attempts {

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String orderId, int attempt, String node) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO crash_attempts (order_id, attempt, node) VALUES (?, ?, ?)")) {
            insert.setString(1, orderId);
            insert.setInt(2, attempt);
            insert.setString(3, node);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record attempt " + attempt + " of " + orderId + ": " + e.getMessage(), e);
        }
    }
}
