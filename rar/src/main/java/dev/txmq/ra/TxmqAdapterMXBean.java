package dev.txmq.ra;

/**
 * The adapter in JMX, as {@code dev.txmq:type=ResourceAdapter,name=txmq} (a second adapter in the same
 * server: {@code name=txmq-2}, ...). Counters run from the adapter's start.
 */
public interface TxmqAdapterMXBean {

    /** The broker, as the adapter names it. */
    String getBroker();

    /** Whether a connection to the broker opens now. */
    boolean isBrokerReachable();

    /** Broker reachable and every message-driven bean consuming. */
    boolean isReady();

    /** Why it is not ready; empty when ready. */
    String[] getProblems();

    /** The queues consumed by message-driven beans, each as "queue (n sessions, consuming|reconnecting)". */
    String[] getConsumers();

    /** Messages handed to the broker by Publisher.send (inside a transaction: visible only if it commits). */
    long getMessagesSent();

    /** Deliveries to message-driven beans that succeeded (their transaction committed). */
    long getDeliveries();

    /** Deliveries that failed and rolled back. */
    long getFailedDeliveries();

    /** Messages scheduled for a retry after a failed delivery. */
    long getRetries();

    /** Messages moved to their dead-letter queue. */
    long getDeadLettered();

    /** Dead letters moved back to their queue by Queues.replay. */
    long getReplayed();
}
