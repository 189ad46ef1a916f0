package dev.txmq.bench.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * W3's latencies: per contender, the time from the start of {@code onMessage} to the end of its
 * transaction's commit (the handler's own time where there is no transaction), in microseconds.
 */
final class ConsumeStats {

    private static final Map<String, ConcurrentLinkedQueue<Long>> LATENCIES = new ConcurrentHashMap<>();

    private ConsumeStats() {
    }

    /** Records the delivery when its transaction completes; at once when {@code registry} has no transaction. */
    static void track(String contender, long beganNanos, TransactionSynchronizationRegistry registry) {
        if (registry == null || registry.getTransactionKey() == null) {
            record(contender, beganNanos);
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                record(contender, beganNanos);
            }
        });
    }

    private static void record(String contender, long beganNanos) {
        LATENCIES.computeIfAbsent(contender, c -> new ConcurrentLinkedQueue<>()).add((System.nanoTime() - beganNanos) / 1000);
    }

    /** The latencies recorded for {@code contender}, forgotten once returned. */
    static Long[] take(String contender) {
        ConcurrentLinkedQueue<Long> recorded = LATENCIES.remove(contender);
        return recorded == null ? new Long[0] : recorded.toArray(new Long[0]);
    }
}
