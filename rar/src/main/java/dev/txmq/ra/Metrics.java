package dev.txmq.ra;

import java.util.concurrent.atomic.LongAdder;

/** What the adapter counted since it started; read through JMX ({@link TxmqAdapterMXBean}). */
public final class Metrics {

    private final LongAdder sent = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failedDeliveries = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder replayed = new LongAdder();

    public void sent(int messages) { sent.add(messages); }
    public void delivered() { delivered.increment(); }
    public void deliveryFailed() { failedDeliveries.increment(); }
    public void retried() { retried.increment(); }
    public void deadLettered() { deadLettered.increment(); }
    public void replayed(long messages) { replayed.add(messages); }

    long sentCount() { return sent.sum(); }
    long deliveredCount() { return delivered.sum(); }
    long failedDeliveryCount() { return failedDeliveries.sum(); }
    long retryCount() { return retried.sum(); }
    long deadLetteredCount() { return deadLettered.sum(); }
    long replayedCount() { return replayed.sum(); }
}
