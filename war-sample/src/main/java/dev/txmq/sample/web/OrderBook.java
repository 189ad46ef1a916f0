package dev.txmq.sample.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * Saves an order and publishes it to {@code orders}, {@code notifications} and {@code audit} in one
 * CDI {@code @Transactional} transaction (the LeanMQ example, seed 001): the row and the three
 * messages commit together, or nothing does. The ejb-sample's {@code OrderService} does the same in
 * an EJB.
 */
@ApplicationScoped
public class OrderBook {

    static final String[] QUEUES = {"orders", "notifications", "audit"};

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    /** The event the three queues receive. */
    public record OrderPlaced(String orderId, String item, int quantity) {}

    /** @return the new order's id, also the correlation id of its three messages */
    @Transactional
    public String place(String item, int quantity) {
        OrderPlaced order = new OrderPlaced(UUID.randomUUID().toString(), item, quantity);
        insert(order);
        try (Publisher publisher = messaging.createPublisher()) {
            for (String queue : QUEUES) {
                publisher.send(OutgoingMessage.to(queue).body(order).correlationId(order.orderId()).build());
            }
        }
        return order.orderId();
    }

    private void insert(OrderPlaced order) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sample_orders (id, item, quantity) VALUES (?, ?, ?)")) {
            insert.setString(1, order.orderId());
            insert.setString(2, order.item());
            insert.setInt(3, order.quantity());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new SampleDatabaseException("Could not save order " + order.orderId(), e);
        }
    }
}
