package dev.txmq.sample.ejb;

import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * The sample's stand-in for the services behind {@code xyz}, {@code acme}, {@code orders},
 * {@code notifications} and {@code audit}: it records each message it receives in the table
 * {@code processed}. The row commits with the receipt of the message, or neither does.
 *
 * <p>One class, deployed as one message-driven bean per queue by {@code META-INF/ejb-jar.xml}: to
 * consume another queue the same way, add an entry there.
 */
public class ProcessedRecorder implements MessageHandler {

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Override
    public void onMessage(IncomingMessage message) throws SQLException {
        Processed.record(database, message);
    }
}
