package dev.txmq.ra.outbound;

import java.util.ArrayList;
import java.util.List;

import jakarta.transaction.Synchronization;

/**
 * The messages sent by one transaction through one connection definition. They go to the broker
 * from {@link #beforeCompletion}, registered as an interposed synchronization: the broker's XA
 * branch is then enlisted after every branch the transaction used before, so it commits last, and a
 * transaction that rolls back never reached the broker at all.
 */
final class PendingSends implements Synchronization {

    private final TxmqPublisherFactory factory;
    private final List<Envelope> envelopes = new ArrayList<>();

    PendingSends(TxmqPublisherFactory factory) {
        this.factory = factory;
    }

    void add(Envelope envelope) {
        envelopes.add(envelope);
    }

    /** Throwing here makes the transaction manager roll the whole transaction back. */
    @Override
    public void beforeCompletion() {
        factory.flush(envelopes);
    }

    @Override
    public void afterCompletion(int status) {
        envelopes.clear();
    }
}
