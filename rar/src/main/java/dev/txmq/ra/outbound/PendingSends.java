package dev.txmq.ra.outbound;

import java.util.ArrayList;
import java.util.List;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.ra.Synchronizations;

/**
 * The messages sent by one transaction through one connection definition. They go to the broker
 * from {@code beforeCompletion}, registered as an interposed synchronization: the broker's XA
 * branch is then enlisted after every branch the transaction used before, so it commits last, and a
 * transaction that rolls back never reached the broker at all.
 *
 * <p>Rows may still be written in {@code beforeCompletion}, so the messages go from a synchronization
 * registered last ({@link Synchronizations#registerLast}).
 */
final class PendingSends implements Synchronization {

    private final TxmqPublisherFactory factory;
    private final TransactionSynchronizationRegistry transactions;
    private final List<Envelope> envelopes = new ArrayList<>();
    private BrokerConnection held; // enlisted by txmq itself: closed when the transaction has completed

    PendingSends(TxmqPublisherFactory factory, TransactionSynchronizationRegistry transactions) {
        this.factory = factory;
        this.transactions = transactions;
    }

    void add(Envelope envelope) {
        envelopes.add(envelope);
    }

    @Override
    public void beforeCompletion() {
        Synchronizations.registerLast(transactions, () -> factory.flush(envelopes, connection -> held = connection));
    }

    @Override
    public void afterCompletion(int status) {
        envelopes.clear();
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
