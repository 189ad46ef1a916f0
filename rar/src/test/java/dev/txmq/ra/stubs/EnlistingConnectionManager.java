package dev.txmq.ra.stubs;

import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.transaction.xa.XAResource;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

/**
 * Stands in for the application server's pool (IronJacamar on WildFly) and does what it does that
 * matters to txmq: a connection allocated while a transaction is active has its XAResource enlisted
 * in that transaction at once, and goes back to the pool only after the transaction completes (the
 * end of the transaction is watched with an interposed synchronization, as IronJacamar does).
 */
public final class EnlistingConnectionManager implements ConnectionManager, ConnectionEventListener {

    private static final long serialVersionUID = 1L;

    private final transient TransactionManager transactions;
    private final transient Deque<ManagedConnection> idle = new ConcurrentLinkedDeque<>();
    private final transient Set<ManagedConnection> enlisted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger destroyed = new AtomicInteger();
    private volatile UnaryOperator<XAResource> enlistAs = UnaryOperator.identity();
    private volatile boolean enlistNothing;

    public EnlistingConnectionManager(TransactionManager transactions) {
        this.transactions = transactions;
    }

    /** Lets a test see (wrap) the XAResource that gets enlisted. */
    public void enlistAs(UnaryOperator<XAResource> wrapper) {
        enlistAs = wrapper;
    }

    /**
     * Makes this pool behave as Payara's does with a connection allocated while a transaction commits
     * (from a synchronization's beforeCompletion, after EJB or CDI cleared the component invocation's
     * transaction): it hands the connection out without enlisting it, and takes it back as soon as its
     * handle is closed.
     */
    public void enlistNothing(boolean enabled) {
        enlistNothing = enabled;
    }

    /** Connections in the pool, free to be handed out. */
    public int idle() {
        return idle.size();
    }

    public int created() {
        return created.get();
    }

    public int destroyed() {
        return destroyed.get();
    }

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection connection = idle.poll();
        if (connection == null) {
            connection = factory.createManagedConnection(null, info);
            connection.addConnectionEventListener(this);
            created.incrementAndGet();
        }
        try {
            Transaction transaction = transactions.getTransaction();
            if (transaction != null && !enlistNothing) {
                enlist(transaction, connection);
            }
        } catch (Exception e) {
            idle.add(connection);
            throw new ResourceException("Could not enlist the connection: " + e, e);
        }
        return connection.getConnection(null, info);
    }

    private void enlist(Transaction transaction, ManagedConnection connection) throws Exception {
        enlisted.add(connection);
        transaction.enlistResource(enlistAs.apply(connection.getXAResource()));
        // as IronJacamar does: through the registry, so it also works from another synchronization's beforeCompletion
        Narayana.registry().registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (enlisted.remove(connection)) {
                    idle.add(connection);
                }
            }
        });
    }

    @Override
    public void connectionClosed(ConnectionEvent event) {
        ManagedConnection connection = (ManagedConnection) event.getSource();
        if (!enlisted.contains(connection)) {
            idle.add(connection);
        }
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
        ManagedConnection connection = (ManagedConnection) event.getSource();
        enlisted.remove(connection);
        idle.remove(connection);
        try {
            connection.destroy();
            destroyed.incrementAndGet();
        } catch (ResourceException e) {
            throw new IllegalStateException("Could not destroy a broken connection", e);
        }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {}

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {}

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {}

    /** Destroys every pooled connection. */
    public void close() throws ResourceException {
        for (ManagedConnection connection; (connection = idle.poll()) != null; ) {
            connection.destroy();
        }
    }
}
