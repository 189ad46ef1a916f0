package dev.txmq.crash.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * One transaction of the crash tests (container-managed, REQUIRED): INSERTs the order and sends it to
 * {@value Order#ORDERS} and {@value Order#AUDIT}. Byteman rules mark the thread on entry to
 * {@link #place}, so a rule fires only in this transaction, not in a message-driven bean's.
 */
@Stateless
public class Orders {

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    public void place(String orderId) {
        insert(orderId);
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(Order.ORDERS, new Order(orderId));
            publisher.send(Order.AUDIT, new Order(orderId));
        }
    }

    /** Sends an order that {@link PoisonConsumer} refuses, and nothing else. */
    public void poison(String orderId) {
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(Order.POISON, new Order(orderId));
        }
    }

    /** {@link #place}, with the broker process {@code brokerPid} killed at {@code point} of the commit. */
    public void placeKillingBroker(String orderId, long brokerPid, BrokerKiller.Point point) {
        BrokerKiller.around(brokerPid, point, transactions, () -> place(orderId));
    }

    private void insert(String orderId) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO crash_orders (id) VALUES (?)")) {
            insert.setString(1, orderId);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not insert order " + orderId + ": " + e.getMessage(), e);
        }
    }
}
