package dev.txmq.sample.ejb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import jakarta.annotation.Resource;

import dev.txmq.api.Headers;
import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * Records each message that reaches a dead-letter queue in the table {@code dead_letters}, with the
 * failure txmq wrote on it ({@link Headers}): reason, exception, attempts, when it failed.
 *
 * <p>txmq's API has no queue browser, so this is how the sample's page shows what sits in each
 * dead-letter queue: a dead letter, once recorded here, is no longer on its queue but in the table.
 * A real application would alert someone, or repair and resend the message. One class, deployed as
 * one message-driven bean per dead-letter queue by {@code META-INF/ejb-jar.xml}.
 */
public class DeadLetterRecorder implements MessageHandler {

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Override
    public void onMessage(IncomingMessage message) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_letters (queue, original_queue,"
                     + " message_id, correlation_id, body, failure_reason, failure_exception, attempts, failed_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, message.queue());
            insert.setString(2, message.header(Headers.ORIGINAL_QUEUE).orElse(null));
            insert.setString(3, message.id());
            insert.setString(4, message.correlationId());
            insert.setString(5, Text.clip(message.bodyText(), 4000));
            insert.setString(6, Text.clip(message.header(Headers.FAILURE_REASON).orElse(null), 2000));
            insert.setString(7, Text.clip(message.header(Headers.FAILURE_EXCEPTION).orElse(null), 300));
            insert.setObject(8, message.header(Headers.DELIVERY_ATTEMPTS).map(Integer::valueOf).orElse(null), Types.INTEGER);
            insert.setObject(9, message.header(Headers.FAILED_AT).map(DeadLetterRecorder::utc).orElse(null),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            insert.executeUpdate();
        }
    }

    private static OffsetDateTime utc(String instant) {
        return Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }
}
