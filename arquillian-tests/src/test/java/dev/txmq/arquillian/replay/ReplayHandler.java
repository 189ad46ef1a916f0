package dev.txmq.arquillian.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * Records each order it handles as a row, unless the failure named by the message's {@code fail}
 * header is switched on: then it throws that failure, and after its single attempt the message is
 * in {@code DLQ.replay-it} with the exception class written on it. {@code poison} is always on.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = ReplayHandler.QUEUE),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "1")})
public class ReplayHandler implements MessageHandler {

    public static final String QUEUE = "replay-it";

    /** The failures switched on: all of them until a test fixes one. */
    static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();

    static {
        BROKEN.addAll(Set.of("sql", "timeout", "state"));
    }

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Override
    public void onMessage(IncomingMessage message) throws Exception {
        String fail = message.header("fail").orElse("");
        if (fail.equals("poison") || BROKEN.contains(fail)) {
            throw switch (fail) {
                case "sql" -> new SQLTransientException("order " + message.id() + ": the database is away");
                case "timeout" -> new TimeoutException("order " + message.id() + ": the stock service did not answer");
                default -> new IllegalStateException("order " + message.id() + ": " + fail);
            };
        }
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO replay_rows (message_id, run) VALUES (?, ?)")) {
            insert.setString(1, message.id());
            insert.setString(2, message.header("run").orElseThrow());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record order " + message.id(), e);
        }
    }
}
