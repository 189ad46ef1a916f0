package dev.txmq.crash.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * Consumes {@value Order#ORDERS}: INSERTs a row into {@code crash_consumed} (no unique constraint, so a
 * duplicate delivery shows as a second row) and sends the order to {@value Order#SHIPPED}, in the
 * delivery's XA transaction.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Order.ORDERS),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "redeliveryDelayMs", propertyValue = "100"),
        @ActivationConfigProperty(propertyName = "maxRedeliveryDelayMs", propertyValue = "1000"),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "4")})
public class OrderConsumer implements MessageHandler {

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    public void onMessage(IncomingMessage message) throws SQLException {
        Order order = message.body(Order.class);
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO crash_consumed (message_id, order_id) VALUES (?, ?)")) {
            insert.setString(1, message.id());
            insert.setString(2, order.orderId());
            insert.executeUpdate();
        }
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(Order.SHIPPED, order);
        }
    }
}
