package dev.txmq.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The harness's own connection to the broker (Artemis core client over TCP): counts, empties and deletes
 * the segments' queues, and times one blocking round trip.
 */
final class BrokerQueues implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory connection;
    private final ClientSession probe;

    BrokerQueues(int port) throws Exception {
        locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
        connection = locator.createSessionFactory();
        probe = connection.createSession(true, true);
    }

    /** The queue's count once it reaches {@code expected}, or after 30 s (the broker's count settles once its commits are done). */
    long awaitCount(String queue, long expected) throws Exception {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(queue) == expected);
        } catch (ConditionTimeoutException e) {
            // the caller compares the count and reports the difference
        }
        return count(queue);
    }

    private long count(String queue) throws Exception {
        ClientSession.QueueQuery query = probe.queueQuery(SimpleString.of(queue));
        return query.isExists() ? query.getMessageCount() : 0;
    }

    /** Deletes a segment's queue (and txmq's dead-letter queue of it), so the broker holds only what runs now. */
    void delete(String queue) throws Exception {
        for (String name : List.of(queue, "DLQ." + queue)) {
            if (probe.queueQuery(SimpleString.of(name)).isExists()) {
                probe.deleteQueue(SimpleString.of(name));
            }
        }
    }

    /**
     * Removes every message from {@code queue} but keeps the queue (the broker's management operation
     * {@code removeAllMessages}); throws if the broker does not confirm within 120 s.
     */
    void purge(String queue) throws Exception {
        try (ClientSession session = connection.createSession(true, true)) {
            session.start();
            ClientRequestor requestor = new ClientRequestor(session,
                    ActiveMQDefaultConfiguration.getDefaultManagementAddress());
            ClientMessage request = session.createMessage(false);
            ManagementHelper.putOperationInvocation(request, ResourceNames.QUEUE + queue, "removeAllMessages");
            ClientMessage reply = requestor.request(request, 120_000);
            requestor.close();
            if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("could not empty queue " + queue + ": the broker answered "
                        + (reply == null ? "nothing within 120 s" : ManagementHelper.getResult(reply)));
            }
        }
    }

    /**
     * What one blocking round trip to the broker costs (an XA session's setTransactionTimeout, which both
     * adapters send at every enlistment), from this JVM over TCP: the unit of the costs in docs/PERFORMANCE.md.
     */
    String roundTrip() throws Exception {
        try (ClientSession xa = connection.createSession(true, false, false)) {
            long[] nanos = new long[500];
            for (int i = 0; i < nanos.length; i++) {
                long began = System.nanoTime();
                xa.setTransactionTimeout(300);
                nanos[i] = System.nanoTime() - began;
            }
            Arrays.sort(nanos);
            return String.format(Locale.ROOT, "one blocking round trip to the broker (XA setTransactionTimeout,"
                    + " from another JVM, between segments): p50 %.3f ms, p99 %.3f ms", nanos[250] / 1e6, nanos[495] / 1e6);
        }
    }

    @Override
    public void close() {
        locator.close();
    }
}
