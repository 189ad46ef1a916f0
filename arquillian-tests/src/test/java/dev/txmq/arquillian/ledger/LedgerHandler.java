package dev.txmq.arquillian.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * INSERTs a row and sends one message per entry, then fails one attempt in ten at random, after both:
 * each failure must take its row and its message back with it.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Entry.QUEUE),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "20"),
        @ActivationConfigProperty(propertyName = "redeliveryDelayMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "maxRedeliveryDelayMs", propertyValue = "400"),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "8")})
public class LedgerHandler implements MessageHandler {

    /** Failed attempts since deployment, for the test to see that failures happened at all. */
    static final AtomicInteger FAILURES = new AtomicInteger();

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    public void onMessage(IncomingMessage message) throws SQLException {
        Entry entry = message.body(Entry.class);
        insert(message.id(), entry);
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(Entry.OUTPUT, entry);
        }
        if (ThreadLocalRandom.current().nextInt(10) == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("Attempt " + message.deliveryAttempt() + " of entry " + entry.seq()
                    + " fails after its INSERT and send (on purpose)");
        }
    }

    private void insert(String messageId, Entry entry) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO ledger_entries (message_id, run, seq) VALUES (?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setString(2, entry.run());
            insert.setInt(3, entry.seq());
            insert.executeUpdate();
        }
    }
}
