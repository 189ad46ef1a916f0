package dev.txmq.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What operators and tests need to see into txmq's queues and act on dead letters: statistics,
 * browsing, failure triage, replay and purge. The adapter binds one as a JCA administered object at
 * {@code java:/txmq/Queues} on WildFly and {@code txmq/Queues} on Payara. It works the same on the
 * embedded broker and on an external broker or HA pair (through Artemis management messages, which
 * need the {@code manage} permission there).
 *
 * <p>None of these methods joins a JTA transaction: reading never consumes, and replay and purge
 * commit on the broker chunk by chunk, each message moved or removed atomically, so a crash in the
 * middle leaves every message either where it was or where it went, never both or neither.
 *
 * @throws UnknownQueueException from every method given a queue the broker does not have
 * @throws BrokerUnavailableException when the broker cannot be reached
 */
public interface Queues {

    /** Every queue txmq uses on the broker, dead-letter queues included, sorted by name. */
    List<QueueStatistics> statistics();

    /** The statistics of one queue. */
    QueueStatistics statistics(String queue);

    /**
     * Up to {@code limit} (1 to 1000) messages of {@code queue}, oldest first, after skipping
     * {@code offset}; never consumes. Messages waiting for a scheduled retry are not listed.
     *
     * @throws InvalidSelectionException for a negative offset or a limit outside 1..1000
     */
    List<QueuedMessage> browse(String queue, int offset, int limit);

    /**
     * How many messages of a dead-letter queue failed with each exception class (the
     * {@link Headers#FAILURE_EXCEPTION} header), exact over the whole queue however long, most
     * frequent first.
     */
    Map<String, Long> failureCounts(String deadLetterQueue);

    /** How many messages of a dead-letter queue failed in each hour ({@link Headers#FAILED_AT}, truncated), oldest first. */
    Map<Instant, Long> failuresByHour(String deadLetterQueue);

    /**
     * Moves the selected dead letters back to the queue each came from ({@link Headers#ORIGINAL_QUEUE}),
     * failure headers removed and {@link Headers#REPLAY_COUNT} raised by one; a message already
     * replayed {@code maxReplays} times (adapter property, default 3) stays unless the selection says
     * {@link Selection#force()}. With {@link Selection#dryRun()} nothing moves and the result says
     * how many would.
     *
     * @throws InvalidSelectionException if the selection's queue is not a dead-letter queue
     */
    ReplayResult replay(Selection selection);

    /** Whether the broker answers and every message-driven bean consumes: what a readiness check reports. */
    TxmqStatus status();

    /** Deletes the selected messages (all of the queue if the selection has no criteria); returns how many (would be) deleted. */
    long purge(Selection selection);
}
