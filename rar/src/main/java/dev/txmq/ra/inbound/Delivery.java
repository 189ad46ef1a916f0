package dev.txmq.ra.inbound;

import java.lang.reflect.Method;
import java.util.function.Consumer;

import javax.transaction.xa.XAException;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.ra.BrokerXAResource;
import dev.txmq.ra.TxmqResourceAdapter;

/**
 * Delivers one message to the application in its XA transaction: the container begins it and
 * enlists the consumer's session in {@code beforeDelivery}; the receipt is acknowledged inside it;
 * the handler runs; {@code afterDelivery} (always, in a finally) commits, or rolls everything back
 * when the handler failed.
 */
final class Delivery {

    private static final Method ON_MESSAGE = onMessage();

    private final TxmqResourceAdapter adapter;
    private final MessageEndpointFactory endpoints;
    private final BrokerXAResource xaResource;
    private final Consumer<Throwable> onFailure;

    /**
     * @param onFailure told of a failure before the rollback puts the message back on the queue, where
     *     another consumer may receive it at once
     */
    Delivery(TxmqResourceAdapter adapter, MessageEndpointFactory endpoints, BrokerXAResource xaResource,
             Consumer<Throwable> onFailure) {
        this.adapter = adapter;
        this.endpoints = endpoints;
        this.xaResource = xaResource;
        this.onFailure = onFailure;
    }

    /**
     * @return null when the transaction committed; otherwise why it did not
     * @throws ResourceException when no endpoint could be had: nothing was delivered
     */
    Throwable deliver(ReceivedMessage message) throws ResourceException, XAException {
        if (isTransacted()) {
            return deliverInTransaction(message, xaResource);
        }
        // bean-managed: the handler's own transactions are its business; the receipt gets a branch of its own
        LocalBranch receipt = LocalBranch.start(xaResource);
        Throwable failure = deliverInTransaction(message, null);
        if (failure == null) {
            receipt.commit();
        } else {
            receipt.rollback(); // the failure was recorded before afterDelivery
        }
        return failure;
    }

    private Throwable deliverInTransaction(ReceivedMessage message, BrokerXAResource enlisted) throws ResourceException {
        MessageEndpoint endpoint = endpoints.createEndpoint(enlisted);
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
            Throwable failure = null;
            try {
                message.broker().acknowledge();
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
