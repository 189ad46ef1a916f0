package dev.txmq.arquillian.news;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When each delivery of a message began (System.nanoTime, in milliseconds), by message id, in this
 * deployment's memory: kept outside the delivery's transaction, so a rollback does not erase it.
 */
final class Attempts {

    private static final Map<String, List<Long>> STARTED = new ConcurrentHashMap<>();

    private Attempts() {}

    static void started(String messageId) {
        STARTED.computeIfAbsent(messageId, id -> new CopyOnWriteArrayList<>()).add(System.nanoTime() / 1_000_000);
    }

    static List<Long> of(String messageId) {
        return STARTED.getOrDefault(messageId, List.of());
    }
}
