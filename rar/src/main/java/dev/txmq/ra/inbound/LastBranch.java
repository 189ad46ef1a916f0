package dev.txmq.ra.inbound;

import java.util.function.Function;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import dev.txmq.api.TxmqException;
import dev.txmq.ra.DeliveryBranch;
import dev.txmq.ra.Synchronizations;

/**
 * The one broker branch of a transacted delivery: txmq enlists the consumer's session itself from
 * beforeCompletion, after every branch the handler used, acknowledges the message in it, and the
 * handler's sends join it. The branch commits last, so the handler's rows are committed before its
 * messages can be seen (guarantee 1), and a delivery costs one broker branch instead of two.
 *
 * <p>Nothing of the delivery reaches the broker before the branch starts: an acknowledgement or a send
 * on an XA session outside a branch would be committed at once, alone. If the transaction ends without
 * the branch (the handler failed, marked the transaction rollback-only, or it timed out), the message
 * is still delivered but unacknowledged on the session, and {@link #releaseIfUnacknowledged} gives it
 * back to the queue with its delivery count kept. If the branch started and the transaction then rolls
 * back, the broker undoes the acknowledgement the same way.
 *
 * <p>All of it runs on the consumer's thread: the container commits on the thread that calls
 * afterDelivery, and the transaction manager runs beforeCompletion, prepare and commit there.
 */
final class LastBranch implements DeliveryBranch, Synchronization {

    private final ConsumerSession consumer;
    private final ReceivedMessage message;
    private final TransactionManager transactionManager;
    private final TransactionSynchronizationRegistry transactions;
    private boolean started;

    LastBranch(ConsumerSession consumer, ReceivedMessage message, TransactionManager transactionManager,
               TransactionSynchronizationRegistry transactions) {
        this.consumer = consumer;
        this.message = message;
        this.transactionManager = transactionManager;
        this.transactions = transactions;
    }

    /** Joins the delivery's transaction, which has begun on this thread; the branch starts at its commit. */
    void join() {
        transactions.putResource(consumer.broker(), this);
        transactions.registerInterposedSynchronization(this);
    }

    /** Starts the branch after every synchronization registered so far ({@link Synchronizations#registerLast}). */
    @Override
    public void beforeCompletion() {
        Synchronizations.registerLast(transactions, this::ensureStarted);
    }

    @Override
    public void afterCompletion(int status) {}

    @Override
    public void send(String queue, Function<ClientSession, ClientMessage> make) {
        ensureStarted();
        consumer.send(queue, make);
    }

    /** Throwing here makes the transaction manager roll the whole transaction back. */
    private void ensureStarted() {
        if (started) {
            return;
        }
        try {
            Transaction transaction = transactionManager.getTransaction();
            if (transaction == null || !transaction.enlistResource(consumer.xaResource())) {
                throw new TxmqException("The transaction refused to enlist the broker branch of the delivery of " + message
                        + ": the delivery rolls back and the message is delivered again. Check the server log for why");
            }
        } catch (RollbackException | SystemException | IllegalStateException e) {
            throw new TxmqException("Could not enlist the broker branch of the delivery of " + message + " (" + e
                    + "): the delivery rolls back and the message is delivered again", e);
        }
        started = true;
        try {
            message.broker().acknowledge();
        } catch (ActiveMQException e) {
            throw consumer.broker().unavailable("acknowledge " + message, e);
        }
    }

    /** After the transaction: a message whose receipt never reached a branch goes back to its queue. */
    void releaseIfUnacknowledged() throws ActiveMQException {
        if (!started) {
            consumer.session().rollback(true); // true: this delivery counts as an attempt
        }
    }
}
