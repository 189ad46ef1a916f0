package dev.txmq.ra.inbound;

import java.lang.reflect.Method;
import java.util.function.Consumer;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.apache.activemq.artemis.api.core.ActiveMQException;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.ra.BrokerXAResource;
import dev.txmq.ra.TxmqResourceAdapter;

/**
 * Delivers one message to the application in its XA transaction: the container begins it in
 * {@code beforeDelivery}; the handler runs; {@code afterDelivery} (always, in a finally) commits, or
 * rolls everything back when the handler failed. The receipt and the handler's sends go in one broker
 * branch that txmq enlists at commit, after the handler's ({@link LastBranch}), when the adapter knows
 * the server's transaction manager; otherwise the container enlists the consumer's session when the
 * delivery begins and the receipt is acknowledged in that branch, and the sends take another.
 */
final class Delivery {

    private static final Method ON_MESSAGE = onMessage();

    private final TxmqResourceAdapter adapter;
    private final MessageEndpointFactory endpoints;
    private final ConsumerSession consumer;
    private final Consumer<Throwable> onFailure;

    /**
     * @param onFailure told of a failure before the rollback puts the message back on the queue, where
     *     another consumer may receive it at once
     */
    Delivery(TxmqResourceAdapter adapter, MessageEndpointFactory endpoints, ConsumerSession consumer,
             Consumer<Throwable> onFailure) {
        this.adapter = adapter;
        this.endpoints = endpoints;
        this.consumer = consumer;
        this.onFailure = onFailure;
    }

    /**
     * @return null when the transaction committed; otherwise why it did not
     * @throws ResourceException when no endpoint could be had: nothing was delivered
     */
    Throwable deliver(ReceivedMessage message) throws ResourceException, XAException, ActiveMQException {
        if (isTransacted()) {
            TransactionManager transactionManager = adapter.transactionManager();
            return transactionManager != null ? deliverInLastBranch(message, transactionManager)
                    : deliverInTransaction(message, consumer.xaResource());
        }
        // bean-managed: the handler's own transactions are its business; the receipt gets a branch of its own
        LocalBranch receipt = LocalBranch.start(consumer.xaResource());
        Throwable failure = deliverInTransaction(message, null);
        if (failure == null) {
            receipt.commit();
        } else {
            receipt.rollback(); // the failure was recorded before afterDelivery
        }
        return failure;
    }

    private Throwable deliverInLastBranch(ReceivedMessage message, TransactionManager transactionManager)
            throws ResourceException, ActiveMQException {
        LastBranch branch = new LastBranch(consumer, message, transactionManager, adapter.transactions());
        Throwable failure = deliver(message, new ReadOnlyResource(), branch::join);
        branch.releaseIfUnacknowledged();
        return failure;
    }

    private Throwable deliverInTransaction(ReceivedMessage message, BrokerXAResource enlisted) throws ResourceException {
        return deliver(message, enlisted, () -> message.broker().acknowledge());
    }

    /** @param receipt what the delivery does with the receipt once its transaction has begun */
    private Throwable deliver(ReceivedMessage message, XAResource enlisted, Receipt receipt) throws ResourceException {
        MessageEndpoint endpoint = endpoints.createEndpoint(enlisted);
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
            Throwable failure = null;
            try {
                receipt.begin();
                failure = invoke((MessageHandler) endpoint, message);
            } catch (Exception e) {
                failure = e;
            } finally {
                failure = complete(endpoint, failure);
            }
            return failure;
        } catch (NoSuchMethodException e) {
            throw new ResourceException("The endpoint does not implement " + ON_MESSAGE, e);
        } finally {
            endpoint.release();
        }
    }

    @FunctionalInterface
    private interface Receipt {
        void begin() throws ActiveMQException;
    }

    private boolean isTransacted() throws ResourceException {
        try {
            return endpoints.isDeliveryTransacted(ON_MESSAGE);
        } catch (NoSuchMethodException e) {
            throw new ResourceException("The endpoint does not implement " + ON_MESSAGE, e);
        }
    }

    private Throwable invoke(MessageHandler handler, IncomingMessage message) {
        try {
            adapter.deliveringWithCorrelation(message.correlationId(), () -> {
                handler.onMessage(message);
                return null;
            });
        } catch (Exception e) {
            return e;
        }
        return isMarkedRollback() ? new Failure.RolledBackByHandler() : null;
    }

    /** Marks the transaction rollback-only if the delivery failed, then ends it. */
    private Throwable complete(MessageEndpoint endpoint, Throwable failure) {
        if (failure != null) {
            if (hasTransaction()) {
                adapter.transactions().setRollbackOnly();
            }
            onFailure.accept(failure);
        }
        try {
            endpoint.afterDelivery();
        } catch (ResourceException e) {
            if (failure == null) {
                onFailure.accept(e); // the commit failed: a failed delivery too
                return e;
            }
        }
        return failure;
    }

    private boolean hasTransaction() {
        TransactionSynchronizationRegistry transactions = adapter.transactions();
        return transactions.getTransactionKey() != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
    }

    private boolean isMarkedRollback() {
        TransactionSynchronizationRegistry transactions = adapter.transactions();
        return transactions.getTransactionKey() != null
                && transactions.getTransactionStatus() == Status.STATUS_MARKED_ROLLBACK;
    }

    private static Method onMessage() {
        try {
            return MessageHandler.class.getMethod("onMessage", IncomingMessage.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("dev.txmq.api.MessageHandler has no onMessage(IncomingMessage)", e);
        }
    }
}
