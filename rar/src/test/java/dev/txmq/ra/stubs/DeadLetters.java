package dev.txmq.ra.stubs;

import java.time.Instant;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.reader.TextMessageUtil;

import dev.txmq.api.Headers;
import dev.txmq.ra.MessageProperties;

/**
 * Writes messages onto a broker as txmq's dead-lettering does (same properties, same duplicate id),
 * many at a time, to fill a dead-letter queue faster than failing deliveries could.
 */
public final class DeadLetters implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientProducer producer;
    private int uncommitted;

    public DeadLetters(String url) throws Exception {
        locator = ActiveMQClient.createServerLocator(url);
        factory = locator.createSessionFactory();
        session = factory.createSession(false, false);
        producer = session.createProducer();
    }

    /** Adds one dead letter of {@code originalQueue} that failed with {@code exception} at {@code failedAt}; returns its id. */
    public String add(String deadLetterQueue, String originalQueue, String exception, Instant failedAt, String body)
            throws Exception {
        String id = UUID.randomUUID().toString();
        // sent (by the sender's clock) a minute before it failed
        ClientMessage message = session.createMessage(Message.TEXT_TYPE, true, 0, failedAt.toEpochMilli() - 60_000, (byte) 4);
        TextMessageUtil.writeBodyText(message.getBodyBuffer(), SimpleString.of(body));
        message.putStringProperty(MessageProperties.ID, id);
        message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), id + "#dead");
        message.putStringProperty(Headers.FAILURE_REASON, "failed: " + body);
        message.putStringProperty(Headers.FAILURE_EXCEPTION, exception);
        message.putStringProperty(Headers.ORIGINAL_QUEUE, originalQueue);
        message.putIntProperty(Headers.DELIVERY_ATTEMPTS, 3);
        message.putStringProperty(Headers.FAILED_AT, failedAt.toString());
        producer.send(deadLetterQueue, message);
        if (++uncommitted == 200) {
            flush();
        }
        return id;
    }

    public void flush() throws Exception {
        session.commit();
        uncommitted = 0;
    }

    @Override
    public void close() throws Exception {
        flush();
        factory.close();
        locator.close();
    }
}
