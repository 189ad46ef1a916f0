package dev.txmq.ra.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkAdapter;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

import dev.txmq.api.MalformedMessageException;
import dev.txmq.api.TxmqException;
import dev.txmq.api.TxmqStatus;
import dev.txmq.ra.Broker;
import dev.txmq.ra.JsonCodec;
import dev.txmq.ra.TxmqResourceAdapter;

/**
 * One message-driven bean consuming one queue: its consumers, and what happens to a message whose
 * delivery failed (a retry after back-off, or the dead-letter queue).
 */
public final class Activation {

    private static final Logger LOG = Logger.getLogger(Activation.class.getName());
    private static final long START_TIMEOUT_MS = 30_000;

    private final TxmqResourceAdapter adapter;
    private final MessageEndpointFactory endpoints;
    private final QueueActivationSpec spec;
    private final List<Class<?>> nonRetryable;
    private final String deadLetterQueue;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();

    private Activation(TxmqResourceAdapter adapter, MessageEndpointFactory endpoints, QueueActivationSpec spec,
                       List<Class<?>> nonRetryable) {
        this.adapter = adapter;
        this.endpoints = endpoints;
        this.spec = spec;
        this.nonRetryable = nonRetryable;
        this.deadLetterQueue = deadLetterQueueOf(adapter.broker(), spec);
    }

    /**
     * The configured dead-letter queue, else the adapter's prefix + destination; none (null) for a bean
     * that consumes a dead-letter queue itself: its failing messages are retried at the longest delay
     * instead, so they stay in the dead-letter queue where operators look for them.
     */
    private static String deadLetterQueueOf(Broker broker, QueueActivationSpec spec) {
        String configured = spec.getDeadLetterQueue();
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return broker.isDeadLetterQueue(spec.getDestination()) ? null : broker.deadLetterQueueOf(spec.getDestination());
    }

    /** Validates {@code spec}, creates the queues if needed and starts {@code maxSessions} consumers. */
    public static Activation start(TxmqResourceAdapter adapter, MessageEndpointFactory endpoints,
                                   QueueActivationSpec spec, WorkManager work) throws ResourceException {
        spec.validate();
        Activation activation = new Activation(adapter, endpoints, spec, exceptionClasses(spec, endpoints));
        try {
            activation.ensureQueues();
        } catch (TxmqException e) {
            activation.lost(e); // an external broker may be down at deployment: the consumers keep trying
        }
        for (int i = 0; i < spec.getMaxSessions(); i++) {
            QueueConsumer consumer = new QueueConsumer(activation);
            activation.consumers.add(consumer);
            try {
                work.scheduleWork(consumer, START_TIMEOUT_MS, null, activation.new StartWatch(consumer, i + 1));
            } catch (WorkException e) {
                activation.stop(0);
                throw new ResourceException("The server's WorkManager refused txmq consumer " + (i + 1) + " of "
                        + spec.getDestination() + ": " + e.getMessage(), e);
            }
        }
        return activation;
    }

    /**
     * Reports a consumer the WorkManager could not start in time: each session holds one of the
     * server's long-running JCA threads for as long as it consumes, and the pool is finite.
     */
    private final class StartWatch extends WorkAdapter {
        private final QueueConsumer consumer;
        private final int number;

        StartWatch(QueueConsumer consumer, int number) {
            this.consumer = consumer;
            this.number = number;
        }

        @Override
        public void workRejected(WorkEvent event) {
            consumer.release();
            consumer.neverStarted();
            LOG.severe(() -> "txmq consumer " + number + " of " + spec.getMaxSessions() + " for " + queue()
                    + " got no thread within " + START_TIMEOUT_MS / 1000 + " s, so " + queue() + " is consumed by fewer"
                    + " sessions. Every session of every txmq MDB holds one long-running JCA thread (WildFly:"
                    + " /subsystem=jca/workmanager=default/long-running-threads=default, 50 in standalone-full.xml):"
                    + " raise its max-threads or lower maxSessions. Cause: " + event.getException());
        }
    }

    /** Stops the consumers, waiting up to {@code timeoutMs} for the deliveries in flight to finish. */
    public void stop(long timeoutMs) {
        consumers.forEach(QueueConsumer::release);
        long deadline = System.currentTimeMillis() + timeoutMs;
        try {
            for (QueueConsumer consumer : consumers) {
                if (!consumer.awaitFinished(Math.max(0, deadline - System.currentTimeMillis()))) {
                    LOG.warning(() -> "A txmq delivery from " + queue() + " was still running " + timeoutMs
                            + " ms after deactivation began; its transaction decides whether the message is kept");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Creates the queue, its dead-letter queue and the failure records' queue unless they exist (the
     * broker remembers which do).
     */
    void ensureQueues() {
        adapter.broker().ensureQueue(spec.getDestination());
        adapter.broker().ensure(Broker.FAILURE_RECORDS);
        if (deadLetterQueue != null) {
            adapter.broker().ensure(deadLetterQueue);
        }
    }

    /** {@link #ensureQueues} on the node of a consumer's {@code connection} (in a cluster each node has its own queues). */
    void ensureQueuesOn(ClientSessionFactory connection) {
        if (deadLetterQueue != null) {
            adapter.broker().ensureQueueOn(connection, spec.getDestination(), Broker.FAILURE_RECORDS, deadLetterQueue);
        } else {
            adapter.broker().ensureQueueOn(connection, spec.getDestination(), Broker.FAILURE_RECORDS);
        }
    }

    /** A consumer lost its session; logged once per outage, however many consumers and reconnect attempts. */
    void lost(Exception cause) {
        if (down.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "txmq stopped consuming " + queue() + ": " + cause + ". Messages in hand stay on"
                    + " the queue; the consumers reconnect with back-off (up to 30 s apart) and go on", cause);
        }
    }

    /** A consumer has a session again. */
    void regained() {
        if (down.compareAndSet(true, false)) {
            LOG.info(() -> "txmq consumes " + queue() + " again");
        }
    }

    /**
     * Acts on a message: delivers it, or moves it when an earlier delivery failed (whichever consumer,
     * of whichever server, saw that failure: it left a record on the broker).
     */
    void handle(ReceivedMessage message, ConsumerSession consumer, MessageMover mover, FailureRecords records)
            throws Exception {
        FailureRecords.Taken earlier = records.take(message);
        if (earlier == null && message.deliveryAttempt() > spec.getMaxDeliveryAttempts()) {
            earlier = FailureRecords.Taken.unrecorded(Failure.notRecorded(message.deliveryAttempt() - 1));
        }
        if (earlier != null) {
            try (FailureRecords.Taken failed = earlier) {
                move(message, failed, mover);
            }
            return;
        }
        Throwable failure = new Delivery(adapter, endpoints, consumer, failed -> record(message, failed, records))
                .deliver(message);
        if (failure == null) {
            adapter.metrics().delivered();
        } else {
            adapter.metrics().deliveryFailed();
        }
    }

    /**
     * Writes the failure on the broker before the rollback puts the message back on its queue. If it
     * cannot, the message is delivered again without the back-off, and moved to the dead-letter queue
     * once its attempts are used up, with its failure "not recorded".
     */
    private void record(ReceivedMessage message, Throwable cause, FailureRecords records) {
        Failure failure = classify(cause, message);
        if (failure.deadLetter() && deadLetterQueue != null) {
            LOG.log(Level.WARNING, "txmq delivery of " + message + " failed, and it goes to " + deadLetterQueue
                    + ": " + failure, cause);
        }
        try {
            records.write(message, failure);
        } catch (ActiveMQException | RuntimeException e) {
            LOG.log(Level.WARNING, "txmq could not record on the broker that delivery attempt " + failure.attempt()
                    + " of " + message + " failed (" + failure + "), so it will be delivered again without waiting: " + e, e);
        }
    }

    private void move(ReceivedMessage message, FailureRecords.Taken failed, MessageMover mover) throws Exception {
        Failure failure = failed.failure();
        if (failure.deadLetter() && deadLetterQueue != null) {
            mover.deadLetter(message, failed, deadLetterQueue);
            adapter.metrics().deadLettered();
            LOG.warning(() -> "txmq moved message " + message.id() + " from " + queue() + " to " + deadLetterQueue
                    + " after attempt " + failure.attempt() + " failed: " + failure);
        } else {
            long delayMs = spec.delayBeforeRetryMs(failure.attempt());
            mover.retryLater(message, failed, delayMs);
            adapter.metrics().retried();
            LOG.info(() -> "txmq retries " + message.id() + " from " + queue() + " in " + delayMs
                    + " ms; attempt " + failure.attempt() + " failed: " + failure);
        }
    }

    private Failure classify(Throwable failure, ReceivedMessage message) {
        boolean last = message.deliveryAttempt() >= spec.getMaxDeliveryAttempts();
        return Failure.of(failure, message.deliveryAttempt(), last || isNonRetryable(failure));
    }

    private boolean isNonRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MalformedMessageException) {
                return true;
            }
            for (Class<?> type : nonRetryable) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static List<Class<?>> exceptionClasses(QueueActivationSpec spec, MessageEndpointFactory endpoints)
            throws InvalidPropertyException {
        Class<?> endpoint = endpoints.getEndpointClass();
        ClassLoader loader = endpoint != null ? endpoint.getClassLoader() : Thread.currentThread().getContextClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (String name : spec.nonRetryableExceptionNames()) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw new InvalidPropertyException("nonRetryableExceptions names " + name + ", which is not an exception");
                }
                classes.add(type);
            } catch (ClassNotFoundException e) {
                throw new InvalidPropertyException("nonRetryableExceptions names " + name + " (destination "
                        + spec.getDestination() + "), but no such class is visible to the bean: check the fully qualified name");
            }
        }
        return classes;
    }

    String queue() {
        return spec.getDestination();
    }

    /** What a readiness check reports of this bean: its queue, its sessions, whether they consume. */
    public TxmqStatus.Consumer status() {
        return new TxmqStatus.Consumer(queue(), spec.getMaxSessions(), !down.get());
    }

    /** Where this bean's failed messages go; null if it consumes a dead-letter queue itself. */
    public String deadLetterQueue() {
        return deadLetterQueue;
    }

    SimpleString selector() {
        String selector = spec.getMessageSelector();
        return selector == null || selector.isBlank() ? null : SimpleString.of(selector);
    }

    Broker broker() {
        return adapter.broker();
    }

    JsonCodec json() {
        return adapter.json();
    }
}
