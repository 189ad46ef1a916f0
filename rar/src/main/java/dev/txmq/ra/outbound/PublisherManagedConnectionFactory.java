package dev.txmq.ra.outbound;

import java.io.PrintWriter;
import java.util.Set;

import javax.security.auth.Subject;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;

import dev.txmq.api.TxmqException;
import dev.txmq.ra.TxmqResourceAdapter;

/**
 * The outbound connection definition of txmq: creates the {@link dev.txmq.api.PublisherFactory}
 * bound in JNDI and the pooled broker connections behind it. It has no properties of its own; the
 * broker is configured on the resource adapter. Recovery credentials set on the connection
 * definition only let the server open a connection for recovery: the adapter connects with its own
 * {@code user} and {@code password}.
 */
public final class PublisherManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private transient TxmqResourceAdapter adapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new TxmqPublisherFactory(this, manager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new NotSupportedException("txmq runs inside a Jakarta EE server, whose connection manager enlists it in"
                + " JTA transactions: deploy txmq.rar and look up its PublisherFactory in JNDI");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        try {
            return new PublisherManagedConnection(adapter().broker());
        } catch (TxmqException e) {
            throw new ResourceAllocationException(e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object candidate : candidates) {
            if (candidate instanceof PublisherManagedConnection connection && connection.healthy()) {
                return connection;
            }
        }
        return null;
    }

    TxmqResourceAdapter adapter() {
        if (adapter == null) {
            throw new TxmqException("The txmq connection definition is not associated with the txmq resource adapter:"
                    + " check that it is defined under resource-adapter txmq.rar");
        }
        return adapter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        if (!(adapter instanceof TxmqResourceAdapter txmq)) {
            throw new ResourceException("txmq's PublisherManagedConnectionFactory needs the txmq resource adapter, not " + adapter);
        }
        this.adapter = txmq;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public boolean equals(Object other) {
        return this == other; // no properties: each connection definition is its own pool
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
