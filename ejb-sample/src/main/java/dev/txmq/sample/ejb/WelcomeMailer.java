package dev.txmq.sample.ejb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * The Celery seed's task (seed 002): looks the new user up and "sends" the welcome e-mail, that is,
 * records it in the table {@code welcome_emails} with the delivery attempt that found the user. With
 * txmq the message is visible only after the sign-up committed, so the attempt is always 1; a
 * missing user (the seed's {@code DoesNotExist}) would fail the delivery, be retried and, after
 * three attempts, land in {@code DLQ.welcome-email}.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "welcome-email"),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "redeliveryDelayMs", propertyValue = "300"),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
public class WelcomeMailer implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(WelcomeMailer.class.getName());

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Override
    public void onMessage(IncomingMessage message) throws SQLException, UnknownUserException {
        String userId = message.body(WelcomeEmail.class).userId();
        try (Connection connection = database.getConnection()) {
            String email = emailOf(connection, userId);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO welcome_emails (user_id, email, message_id, attempt) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, userId);
                insert.setString(2, email);
                insert.setString(3, message.id());
                insert.setInt(4, message.deliveryAttempt());
                insert.executeUpdate();
            }
            LOG.info(() -> "Welcome e-mail to " + email + " (user " + userId + ", attempt " + message.deliveryAttempt() + ")");
        }
    }

    private static String emailOf(Connection connection, String userId) throws SQLException, UnknownUserException {
        try (PreparedStatement query = connection.prepareStatement("SELECT email FROM sample_users WHERE id = ?")) {
            query.setString(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new UnknownUserException("User " + userId + " does not exist (yet): the welcome e-mail"
                            + " was delivered before the sign-up committed, or the user was deleted");
                }
                return rows.getString(1);
            }
        }
    }
}
