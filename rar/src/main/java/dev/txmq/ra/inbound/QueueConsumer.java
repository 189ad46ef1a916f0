package dev.txmq.ra.inbound;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

import dev.txmq.ra.Broker;
import dev.txmq.ra.BrokerXAResource;

/**
 * One session consuming an activation's queue, on a long-running thread of the server's
 * WorkManager: receive, then deliver (or move), one message at a time. When the broker cannot be
 * reached it reconnects with back-off, logging once per change of state, until it is stopped.
 */
final class QueueConsumer implements Work, WorkContextProvider {

    private static final long serialVersionUID = 1L;
    private static final long RECEIVE_TIMEOUT_MS = 500;
    private static final long FIRST_RECONNECT_DELAY_MS = 100;
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;

    private final transient Activation activation;
    private final transient CountDownLatch finished = new CountDownLatch(1);
    private final transient CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean stopped;
    private transient ClientSessionFactory connection;
    private transient long reconnectDelayMs = FIRST_RECONNECT_DELAY_MS; // doubles per failed attempt, reset once consuming

    QueueConsumer(Activation activation) {
        this.activation = activation;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    consume();
                    return;
                } catch (Exception e) {
                    close();
                    if (stopped) {
                        return;
                    }
                    activation.lost(e);
                    pause(reconnectDelayMs);
                    reconnectDelayMs = Math.min(reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
                }
            }
        } finally {
            close();
            finished.countDown();
        }
    }

    private void consume() throws Exception {
        Broker broker = activation.broker();
        connection = broker.connect();
        activation.ensureQueuesOn(connection);
        ClientSession session = broker.openSession(connection, true);
        ConsumerSession own = new ConsumerSession(broker, connection, session,
                BrokerXAResource.forReceipts(broker, session, broker.nodeId(connection), () -> { }), session.createProducer());
        ClientConsumer consumer = session.createConsumer(SimpleString.of(activation.queue()),
                activation.selector(), 0, -1, false); // window 0: no message waits in this client's buffer
        MessageMover mover = new MessageMover(session, own.producer());
        ClientSessionFactory current = connection;
        FailureRecords records = new FailureRecords(session, () -> broker.openSession(current, false));
        session.start();
        reconnectDelayMs = FIRST_RECONNECT_DELAY_MS; // the next outage backs off from the start again
        activation.regained();
        while (!stopped) {
            ClientMessage message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message != null) {
                activation.handle(new ReceivedMessage(message, activation.queue(), activation.json()), own, mover, records);
            }
        }
    }

    private void pause(long delayMs) {
        try {
            if (stopping.await(delayMs, TimeUnit.MILLISECONDS)) { // counted down early by release()
                stopped = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private void close() {
        ClientSessionFactory current = connection;
        connection = null;
        if (current != null) {
            current.close(); // an unacknowledged message goes back to the queue
        }
    }

    /**
     * Stops after the message in hand, if any. Not synchronized: the JCA WorkManager rejects a Work
     * whose release() is (IronJacamar IJ000258), since it is called from another thread while run() works.
     */
    @Override
    public void release() {
        stopped = true;
        stopping.countDown();
    }

    /** The WorkManager gave up starting this consumer: there is nothing to wait for. */
    void neverStarted() {
        finished.countDown();
    }

    boolean awaitFinished(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<WorkContext> getWorkContexts() {
        HintsContext hints = new HintsContext();
        hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
        hints.setName("txmq consumer of " + activation.queue());
        return List.of(hints);
    }
}
