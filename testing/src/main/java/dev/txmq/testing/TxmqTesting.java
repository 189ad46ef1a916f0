package dev.txmq.testing;

import dev.txmq.api.Queues;
import dev.txmq.api.Selection;
import dev.txmq.api.UnknownQueueException;

/** Housekeeping between tests. */
public final class TxmqTesting {

    private TxmqTesting() {}

    /**
     * Deletes every message of each queue and of its dead-letter queue (DLQ.queue), so a test starts
     * from empty queues. A queue the broker does not have yet is empty already.
     *
     * @return how many messages were deleted
     */
    public static long drain(Queues queues, String... names) {
        long deleted = 0;
        for (String name : names) {
            for (String queue : new String[] {name, TxmqAssertions.DEAD_LETTER_PREFIX + name}) {
                try {
                    deleted += queues.purge(Selection.of(queue));
                } catch (UnknownQueueException e) {
                    // never created: nothing to drain
                }
            }
        }
        return deleted;
    }
}
