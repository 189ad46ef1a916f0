package dev.txmq.api;

import java.time.Duration;

/**
 * One queue as the broker sees it now.
 *
 * @param queue the queue's name
 * @param messages every message the queue holds: ready, in flight and scheduled
 * @param delivering messages handed to a consumer and not yet acknowledged (in flight)
 * @param scheduled messages waiting for their delivery time (retries waiting their back-off)
 * @param consumers consumers attached now
 * @param added messages added since the broker started
 * @param acknowledged messages acknowledged since the broker started
 * @param oldestMessageAge how long the oldest ready message has been on this queue, measured from
 *                         the time the broker received it; {@link Duration#ZERO} for an empty queue
 * @param deadLetters messages in this queue's dead-letter queue; 0 for a dead-letter queue itself
 */
public record QueueStatistics(String queue, long messages, long delivering, long scheduled, int consumers,
                              long added, long acknowledged, Duration oldestMessageAge, long deadLetters) {}
