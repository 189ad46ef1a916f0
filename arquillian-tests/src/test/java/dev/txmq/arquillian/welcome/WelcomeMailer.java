package dev.txmq.arquillian.welcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * The Celery seed's task: looks the new user up and records whether it was there. It records a miss
 * instead of failing on it, so a retry cannot hide the race: the seed's {@code DoesNotExist}.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Welcome.QUEUE)})
public class WelcomeMailer implements MessageHandler {

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Override
    public void onMessage(IncomingMessage message) throws SQLException {
        String userId = message.body(Welcome.class).userId();
        try (Connection connection = database.getConnection()) {
            boolean found = exists(connection, userId);
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO welcome_lookups (user_id, found) VALUES (?, ?)")) {
                record.setString(1, userId);
                record.setBoolean(2, found);
                record.executeUpdate();
            }
        }
    }

    private static boolean exists(Connection connection, String userId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM welcome_users WHERE id = ?")) {
            query.setString(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
