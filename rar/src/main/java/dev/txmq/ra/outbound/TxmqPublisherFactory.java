package dev.txmq.ra.outbound;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

import javax.naming.Reference;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;
import dev.txmq.api.TxmqException;
import dev.txmq.ra.DeliveryBranch;
import dev.txmq.ra.TxmqResourceAdapter;

/**
 * The {@link PublisherFactory} bound in JNDI. Sends outside a transaction go to the broker at once
 * over a pooled connection; sends inside one are collected per transaction in {@link PendingSends}
 * and go at commit, over a connection the container enlists at that moment.
 */
public final class TxmqPublisherFactory implements PublisherFactory, Serializable, Referenceable {

    private static final long serialVersionUID = 1L;

    private final PublisherManagedConnectionFactory definition;
    private final ConnectionManager manager;
    private Reference reference;

    TxmqPublisherFactory(PublisherManagedConnectionFactory definition, ConnectionManager manager) {
        this.definition = definition;
        this.manager = manager;
    }

    @Override
    public Publisher createPublisher() {
        definition.adapter().broker(); // fail here, not at the first send, when the adapter is down
        return new PublisherHandle(this);
    }

    /** Validated message in; its id out. */
    String publish(OutgoingMessage message) {
        TxmqResourceAdapter adapter = definition.adapter();
        String json = adapter.json().write(message.queue(), message.body());
        Envelope envelope = Envelope.of(message, json, adapter.correlationOrNew());
        TransactionSynchronizationRegistry transactions = adapter.transactions();
        if (transactions.getTransactionKey() == null) {
            sendNow(List.of(envelope), false);
            return envelope.id();
        }
        requireActive(transactions, message.queue());
        adapter.broker().ensureQueue(message.queue()); // an unreachable broker fails the send, not only the commit
        pending(transactions).add(envelope);
        return envelope.id();
    }

    /**
     * Called from the transaction's beforeCompletion with everything it sent. In a message delivery the
     * messages join the delivery's broker branch, when it has one ({@link DeliveryBranch}). Otherwise the container
     * enlists the connection it hands out here, and keeps it attached to the transaction until the
     * transaction completes. A container may instead skip the enlistment of a connection taken during
     * commit (Payara does: its pool enlists with the transaction of the current component invocation,
     * which EJB and CDI clear before they commit). Then txmq enlists the broker's XAResource itself,
     * still after every branch the transaction used before, and keeps the connection until the
     * transaction has completed, so the pool cannot hand it to another transaction while its branch
     * is open.
     *
     * @param holdUntilCompletion takes a connection that txmq enlisted itself, to close it when the
     *     transaction has completed (also when the send fails)
     */
    void flush(List<Envelope> envelopes, Consumer<BrokerConnection> holdUntilCompletion) {
        TxmqResourceAdapter adapter = definition.adapter();
        if (adapter.transactions().getResource(adapter.broker()) instanceof DeliveryBranch delivery) {
            long now = System.currentTimeMillis();
            envelopes.forEach(envelope -> delivery.send(envelope.queue(), session -> envelope.toMessage(session, now)));
            adapter.metrics().sent(envelopes.size());
            return;
        }
        String queue = envelopes.get(0).queue();
        BrokerConnection connection = allocate(queue);
        if (connection.enlisted()) {
            try (connection) {
                connection.send(envelopes, true);
            }
            definition.adapter().metrics().sent(envelopes.size());
            return;
        }
        try {
            enlist(connection, queue);
        } catch (TxmqException e) {
            connection.close();
            throw e;
        }
        holdUntilCompletion.accept(connection);
        connection.send(envelopes, true);
        definition.adapter().metrics().sent(envelopes.size());
    }

    /** Enlists the connection's XAResource in the current transaction, which the registry's key must be. */
    private void enlist(BrokerConnection connection, String queue) {
        Object key = definition.adapter().transactions().getTransactionKey();
        if (!(key instanceof Transaction transaction)) {
            throw new TxmqException("The server did not enlist txmq's connection in the JTA transaction, and its"
                    + " TransactionSynchronizationRegistry does not expose the transaction (key " + key + "), so the"
                    + " messages to queue '" + queue + "' cannot be sent atomically: the transaction rolls back."
                    + " Configure the txmq connection definition with transaction-support XATransaction");
        }
        try {
            if (!transaction.enlistResource(connection.xaResource())) {
                throw new TxmqException("The transaction refused to enlist txmq's broker branch, so the messages to queue '"
                        + queue + "' cannot be sent atomically: the transaction rolls back. Check the server log for why");
            }
        } catch (RollbackException | SystemException | IllegalStateException e) {
            throw new TxmqException("Could not enlist txmq's broker branch in the transaction (" + e + "), so the"
                    + " messages to queue '" + queue + "' cannot be sent atomically: the transaction rolls back", e);
        }
    }

    private void sendNow(List<Envelope> envelopes, boolean inTransaction) {
        try (BrokerConnection connection = allocate(envelopes.get(0).queue())) {
            connection.send(envelopes, inTransaction);
        }
        definition.adapter().metrics().sent(envelopes.size());
    }

    private BrokerConnection allocate(String queue) {
        try {
            return (BrokerConnection) manager.allocateConnection(definition, null);
        } catch (ResourceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TxmqException txmq) {
                    throw new BrokerUnavailableException("Sending to queue '" + queue + "' failed. " + txmq.getMessage(), e);
                }
            }
            throw new BrokerUnavailableException("Could not get a connection to send to queue '" + queue + "' ("
                    + e.getMessage() + "): " + brokerName() + " may be unreachable, or the txmq connection pool exhausted."
                    + " Check that the broker is running and reachable, and the pool's max-pool-size; nothing was sent", e);
        }
    }

    /** The broker's description for an error message, even when the adapter is down. */
    private String brokerName() {
        try {
            return definition.adapter().broker().describe();
        } catch (TxmqException adapterDown) {
            return "the broker (the txmq resource adapter is not running)";
        }
    }

    private PendingSends pending(TransactionSynchronizationRegistry transactions) {
        PendingSends pending = (PendingSends) transactions.getResource(this);
        if (pending == null) {
            pending = new PendingSends(this, transactions);
            transactions.putResource(this, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    private static void requireActive(TransactionSynchronizationRegistry transactions, String queue) {
        int status = transactions.getTransactionStatus();
        if (status != Status.STATUS_ACTIVE) {
            throw new TxmqException("Cannot send to queue '" + queue + "': the current transaction is "
                    + (status == Status.STATUS_MARKED_ROLLBACK ? "marked rollback-only" : "no longer active (status " + status + ")")
                    + ", so the message would be discarded. Send from an active transaction");
        }
    }

    /** A send inside a transaction failed: the transaction must not commit without it. */
    void rollbackOnlyAfter(TxmqException failure) {
        TransactionSynchronizationRegistry transactions;
        try {
            transactions = definition.adapter().transactions();
        } catch (TxmqException adapterDown) {
            failure.addSuppressed(adapterDown);
            return;
        }
        if (transactions.getTransactionKey() != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.setRollbackOnly();
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
