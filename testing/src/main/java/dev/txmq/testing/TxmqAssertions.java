package dev.txmq.testing;

import dev.txmq.api.Queues;

/**
 * Assertions on what txmq's queues hold, for users' tests. Each assertion waits until it holds or its
 * deadline passes (10 s unless {@link QueueAssert#within} says otherwise), since messages arrive
 * after the transaction that sent them commits.
 *
 * <pre>{@code
 * @Resource(lookup = "java:/txmq/Queues") Queues queues;   // in the server; ConsoleQueues.connect(...) from a client test
 *
 * assertThatQueue(queues, "orders").hasMessageCount(1).hasMessageWithCorrelationId(orderId);
 * assertThatDeadLetters(queues, "orders").within(Duration.ofSeconds(30)).hasFailure("java.sql.SQLException");
 * }</pre>
 */
public final class TxmqAssertions {

    /** txmq's default deadLetterPrefix. */
    public static final String DEAD_LETTER_PREFIX = "DLQ.";

    private TxmqAssertions() {}

    /** Assertions on {@code queue}. */
    public static QueueAssert assertThatQueue(Queues queues, String queue) {
        return new QueueAssert(queues, queue);
    }

    /** Assertions on the dead-letter queue of {@code queue} (DLQ.queue, txmq's default). */
    public static QueueAssert assertThatDeadLetters(Queues queues, String queue) {
        return new QueueAssert(queues, DEAD_LETTER_PREFIX + queue);
    }
}
