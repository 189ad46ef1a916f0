package dev.txmq.ra.inbound;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The failures an activation saw and has not yet acted on. A failed delivery rolls back, so the
 * broker puts the message back on the queue; when a consumer of this activation receives it again,
 * the book says whether to schedule a retry or move it to the dead-letter queue. Bounded: a message
 * taken by another server is forgotten once the book is full.
 */
final class FailureBook {

    private static final int CAPACITY = 10_000;

    private final Map<String, Failure> failures = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void record(ReceivedMessage message, Failure failure) {
        failures.put(key(message.id(), failure.attempt()), failure);
    }

    /** The failure of the delivery before this one, removed from the book; null if none was recorded. */
    synchronized Failure take(ReceivedMessage message) {
        return failures.remove(key(message.id(), message.deliveryAttempt() - 1));
    }

    /** Puts a failure back when acting on it did not work, so the next delivery tries again. */
    synchronized void restore(ReceivedMessage message, Failure failure) {
        failures.put(key(message.id(), message.deliveryAttempt() - 1), failure);
    }

    private static String key(String id, int attempt) {
        return id + '#' + attempt;
    }
}
