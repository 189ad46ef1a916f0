package dev.txmq.ra.outbound;

import java.util.List;

import javax.transaction.xa.XAResource;

import dev.txmq.api.TxmqException;

/**
 * The connection handle the container hands out for a {@link PublisherManagedConnection}. Only
 * txmq's own code holds one, for the span of one batch of sends; applications hold a
 * {@link dev.txmq.api.Publisher}.
 */
public final class BrokerConnection implements AutoCloseable {

    private PublisherManagedConnection owner;

    BrokerConnection(PublisherManagedConnection owner) {
        this.owner = owner;
    }

    void send(List<Envelope> envelopes, boolean inTransaction) {
        owner().send(envelopes, inTransaction);
    }

    /** Whether the container enlisted this connection's XAResource in the current transaction. */
    boolean enlisted() {
        return owner().enlisted();
    }

    XAResource xaResource() {
        return owner().getXAResource();
    }

    PublisherManagedConnection owner() {
        if (owner == null) {
            throw new TxmqException("This txmq connection handle was invalidated by the server (its connection was"
                    + " cleaned up or destroyed); nothing was sent. Send again with a new Publisher");
        }
        return owner;
    }

    void reassign(PublisherManagedConnection newOwner) {
        owner = newOwner;
    }

    void invalidate() {
        owner = null;
    }

    @Override
    public void close() {
        PublisherManagedConnection current = owner;
        if (current != null) {
            owner = null;
            current.closed(this);
        }
    }
}
