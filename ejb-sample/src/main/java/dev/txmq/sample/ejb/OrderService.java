package dev.txmq.sample.ejb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * Saves an order and publishes it to {@code orders}, {@code notifications} and {@code audit} in one
 * container-managed transaction (the LeanMQ example): all four commit together, or nothing does.
 */
@Stateless
public class OrderService {

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    /** The event the three queues receive. */
    public record OrderPlaced(String orderId, String item, int quantity) {}

    /** @return the new order's id */
    public String placeOrder(String item, int quantity) {
        OrderPlaced order = new OrderPlaced(UUID.randomUUID().toString(), item, quantity);
        save(order);
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send("orders", order);
            publisher.send("notifications", order);
            publisher.send("audit", order);
        }
        return order.orderId();
    }

    private void save(OrderPlaced order) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sample_orders (id, item, quantity) VALUES (?, ?, ?)")) {
            insert.setString(1, order.orderId());
            insert.setString(2, order.item());
            insert.setInt(3, order.quantity());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save order " + order.orderId() + ": " + e.getMessage(), e);
        }
    }
}
