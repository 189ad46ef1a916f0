package dev.txmq.sample.ejb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.txmq.api.IncomingMessage;

/** Inserts what a consumer processed into the table {@code processed}, for the page to show. */
final class Processed {

    private Processed() {}

    /** Joins the caller's transaction: the row commits with the receipt of {@code message}, or not at all. */
    static void record(DataSource database, IncomingMessage message) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO processed (queue, message_id, correlation_id, body) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, message.queue());
            insert.setString(2, message.id());
            insert.setString(3, message.correlationId());
            insert.setString(4, Text.clip(message.bodyText(), 4000));
            insert.executeUpdate();
        }
    }
}
