package dev.txmq.ra.admin;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;

import dev.txmq.api.InvalidSelectionException;
import dev.txmq.api.UnknownQueueException;
import dev.txmq.ra.Broker;

/**
 * One connection to the broker for one operations call: browsing consumers and a transacted session
 * for moving messages, closed at the end of the call; management requests (Artemis management
 * messages, so an external broker answers as the embedded one does) go through the adapter's
 * {@link Broker#manage}.
 */
final class BrokerLink implements AutoCloseable {

    private final Broker broker;
    private final ClientSessionFactory factory;
    private final ClientSession session;

    private BrokerLink(Broker broker, ClientSessionFactory factory, ClientSession session) {
        this.broker = broker;
        this.factory = factory;
        this.session = session;
    }

    /** A started session, transacted (sends and acknowledgements wait for {@link #commit}). */
    static BrokerLink open(Broker broker) {
        ClientSessionFactory factory = broker.connect();
        try {
            ClientSession session = broker.openTransactedSession(factory);
            session.start();
            return new BrokerLink(broker, factory, session);
        } catch (ActiveMQException | RuntimeException e) {
            factory.close();
            throw broker.unavailable("open an operations session", e);
        }
    }

    /** The adapter's broker this link is to. */
    Broker broker() {
        return broker;
    }

    ClientSession session() {
        return session;
    }

    /** Throws UnknownQueueException unless the broker has {@code queue}. */
    void requireQueue(String queue) {
        if (!exists(queue)) {
            throw new UnknownQueueException("Queue '" + queue + "' does not exist on " + broker.describe()
                    + ": check the name (Queues.statistics() lists every queue)");
        }
    }

    boolean exists(String queue) {
        try {
            return session.queueQuery(SimpleString.of(queue)).isExists();
        } catch (ActiveMQException e) {
            throw broker.unavailable("look up queue '" + queue + "'", e);
        }
    }

    /** An attribute of a management resource, e.g. ("queue.orders", "messageCount"). */
    Object attribute(String resource, String name) {
        return broker.manage(resource + "." + name, message -> ManagementHelper.putAttribute(message, resource, name));
    }

    /** Invokes an operation of a management resource, e.g. ("queue.DLQ.orders", "removeMessages", 200, filter). */
    Object invoke(String resource, String operation, Object... arguments) {
        return broker.manage(resource + "." + operation,
                message -> ManagementHelper.putOperationInvocation(message, resource, operation, arguments));
    }

    /** A long attribute (the management reply may carry any number type). */
    long number(String resource, String name) {
        return ((Number) attribute(resource, name)).longValue();
    }

    /** A consumer of {@code queue}, browsing or consuming, that sees only messages matching {@code filter} (null: all). */
    ClientConsumer consumer(String queue, String filter, boolean browseOnly) {
        try {
            return session.createConsumer(SimpleString.of(queue), filter == null ? null : SimpleString.of(filter), browseOnly);
        } catch (ActiveMQException e) {
            if (e.getType() == ActiveMQExceptionType.INVALID_FILTER_EXPRESSION) {
                throw new InvalidSelectionException("The filter '" + filter + "' does not parse: " + e.getMessage()
                        + ". Use the JMS selector syntax over headers, e.g. tenant = 'acme'", e);
            }
            throw broker.unavailable("open a consumer on '" + queue + "'", e);
        }
    }

    void commit() {
        try {
            session.commit();
        } catch (ActiveMQException e) {
            throw broker.unavailable("commit a chunk of moved messages (none of the chunk moved)", e);
        }
    }

    /** Rolls back the chunk {@code failure} interrupted; a rollback that fails too is added to it (the broker drops the chunk anyway). */
    void rollbackAfter(Exception failure) {
        try {
            session.rollback();
        } catch (ActiveMQException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        factory.close(); // closes the session and its consumers
    }
}
