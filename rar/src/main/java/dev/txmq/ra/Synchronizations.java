package dev.txmq.ra;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * How txmq puts its broker branch after every branch a transaction used: from a synchronization's
 * beforeCompletion it registers another one, which the transaction manager calls after every
 * synchronization registered until then. Rows may still be written in beforeCompletion (an ORM such as
 * Hibernate flushes from a synchronization of its own, which can come after txmq's), and those
 * synchronizations enlist their database before the broker's branch is enlisted from the late one.
 * Internal to txmq; public because the outbound and inbound packages share it.
 */
public final class Synchronizations {

    private Synchronizations() {}

    /** Registers {@code beforeCompletion} to run after every synchronization registered so far. Call it from beforeCompletion. */
    public static void registerLast(TransactionSynchronizationRegistry transactions, Runnable beforeCompletion) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                beforeCompletion.run(); // throwing here makes the transaction manager roll the transaction back
            }

            @Override
            public void afterCompletion(int status) {}
        });
    }
}
