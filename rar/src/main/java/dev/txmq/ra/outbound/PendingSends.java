package dev.txmq.ra.outbound;

import java.util.ArrayList;
import java.util.List;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The messages sent by one transaction through one connection definition. They go to the broker
 * from {@code beforeCompletion}, registered as an interposed synchronization: the broker's XA
 * branch is then enlisted after every branch the transaction used before, so it commits last, and a
 * transaction that rolls back never reached the broker at all.
 *
 * <p>Rows may still be written in {@code beforeCompletion}: an ORM such as Hibernate flushes there,
 * from a synchronization of its own, which comes after this one when the send preceded the first
 * use of the EntityManager. So this synchronization only registers another one, which the
 * transaction manager calls after every synchronization registered so far, and the messages go
 * from there.
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
        transactions.registerInterposedSynchronization(new Flush());
    }

    @Override
    public void afterCompletion(int status) {
        envelopes.clear();
        if (held != null) {
            held.close();
            held = null;
        }
    }

    /** Sends the messages, after the synchronizations that were registered before it (and may write rows). */
    private final class Flush implements Synchronization {

        /** Throwing here makes the transaction manager roll the whole transaction back. */
        @Override
        public void beforeCompletion() {
            factory.flush(envelopes, connection -> held = connection);
        }

        @Override
        public void afterCompletion(int status) {}
    }
}
