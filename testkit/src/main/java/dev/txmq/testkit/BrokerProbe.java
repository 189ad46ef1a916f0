package dev.txmq.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.reader.TextMessageUtil;

/**
 * A plain Artemis client over TCP, consuming what txmq published, to assert on what the broker holds
 * (the embedded broker is reached through the adapter's acceptorUrl).
 */
public final class BrokerProbe implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory connection;
    private final ClientSession session;

    public BrokerProbe(String url) {
        this(url, null, null);
    }

    /** A probe that logs in as {@code user} (null: anonymously). */
    public BrokerProbe(String url, String user, String password) {
        try {
            locator = ActiveMQClient.createServerLocator(url);
            connection = locator.createSessionFactory();
            session = connection.createSession(user, password, false, true, true, false, 0);
            session.start();
        } catch (Exception e) {
            throw new IllegalStateException("Probe could not connect to " + url, e);
        }
    }

    /** Consumes the next message of {@code queue}, waiting at most {@code wait} (for the queue to exist, too). */
    public Optional<ClientMessage> receive(String queue, Duration wait) throws ActiveMQException {
        long deadline = System.currentTimeMillis() + wait.toMillis();
        while (!exists(queue)) {
            if (System.currentTimeMillis() >= deadline) {
                return Optional.empty();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling for the queue to be created
        }
        try (ClientConsumer consumer = session.createConsumer(queue)) {
            ClientMessage message = consumer.receive(Math.max(1, deadline - System.currentTimeMillis()));
            if (message != null) {
                message.acknowledge();
            }
            return Optional.ofNullable(message);
        }
    }

    /** Consumes every message now in {@code queue}. */
    public List<ClientMessage> drain(String queue) throws ActiveMQException {
        List<ClientMessage> messages = new ArrayList<>();
        if (!exists(queue)) {
            return messages;
        }
        try (ClientConsumer consumer = session.createConsumer(queue)) {
            for (ClientMessage message; (message = consumer.receive(300)) != null; ) {
                message.acknowledge();
                messages.add(message);
            }
        }
        return messages;
    }

    /** Bodies of every message now in {@code queue}. */
    public List<String> drainBodies(String queue) throws ActiveMQException {
        return drain(queue).stream().map(BrokerProbe::body).toList();
    }

    public boolean exists(String queue) throws ActiveMQException {
        return session.queueQuery(SimpleString.of(queue)).isExists();
    }

    /** Messages in {@code queue} now, without consuming them; 0 if it does not exist. */
    public long count(String queue) {
        try {
            ClientSession.QueueQuery query = session.queueQuery(SimpleString.of(queue));
            return query.isExists() ? query.getMessageCount() : 0;
        } catch (ActiveMQException e) {
            throw new IllegalStateException("Could not count the messages of " + queue, e);
        }
    }

    public boolean isDurable(String queue) throws ActiveMQException {
        return session.queueQuery(SimpleString.of(queue)).isDurable();
    }

    public static String body(ClientMessage message) {
        return TextMessageUtil.readBodyText(message.getBodyBuffer()).toString();
    }

    @Override
    public void close() {
        connection.close();
        locator.close();
    }
}
