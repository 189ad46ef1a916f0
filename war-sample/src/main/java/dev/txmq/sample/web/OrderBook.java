package dev.txmq.sample.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/** Saves an order and publishes it in one CDI {@code @Transactional} transaction. */
@ApplicationScoped
public class OrderBook {

    @Resource(lookup = "java:jboss/datasources/TxmqDS")
    private DataSource database;

    @Resource(lookup = "java:/txmq/PublisherFactory")
    private PublisherFactory messaging;

    /** The event published to {@code orders}. */
    public record OrderPlaced(String orderId, String item, int quantity) {}

    /** @return the new order's id; the row and the message commit together */
    @Transactional
    public String place(String item, int quantity) {
        OrderPlaced order = new OrderPlaced(UUID.randomUUID().toString(), item, quantity);
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sample_orders (id, item, quantity) VALUES (?, ?, ?)")) {
            insert.setString(1, order.orderId());
            insert.setString(2, item);
            insert.setInt(3, quantity);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save order " + order.orderId() + ": " + e.getMessage(), e);
        }
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send("orders", order);
        }
        return order.orderId();
    }
}
