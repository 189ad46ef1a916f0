package dev.txmq.ra.outbound;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.SessionFailureListener;

import dev.txmq.api.TxmqException;
import dev.txmq.ra.Broker;
import dev.txmq.ra.BrokerXAResource;

/**
 * One physical connection to the broker, with an XA session (for sends inside JTA transactions,
 * through its one cached {@link BrokerXAResource}) and an auto-commit session (for sends outside),
 * each opened on first need. Used by one thread at a time, as the container guarantees.
 */
final class PublisherManagedConnection implements ManagedConnection {

    private final Broker broker;
    private final ClientSessionFactory connection;
    private final String nodeId;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<BrokerConnection> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean broken;
    private ClientSession xaSession;
    private ClientProducer xaProducer;
    private BrokerXAResource xaResource;
    private ClientSession plainSession;
    private ClientProducer plainProducer;
    private PrintWriter logWriter;

    PublisherManagedConnection(Broker broker) {
        this.broker = broker;
        this.connection = broker.connect();
        this.nodeId = broker.nodeId(connection);
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        BrokerConnection handle = new BrokerConnection(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public synchronized XAResource getXAResource() {
        if (xaResource == null) {
            xaSession = open(true);
            xaResource = BrokerXAResource.forSends(broker, xaSession, nodeId, this::failed);
        }
        return xaResource;
    }

    /** Whether a transaction branch is active on this connection's XA session. */
    synchronized boolean enlisted() {
        return xaResource != null && xaResource.inBranch();
    }

    /**
     * Sends on the XA session when a branch is active on it, otherwise committed at once.
     *
     * @param inTransaction whether the caller expects a transaction branch; then there must be one
     */
    synchronized void send(List<Envelope> envelopes, boolean inTransaction) {
        boolean xa = enlisted();
        if (inTransaction && !xa) {
            throw new TxmqException("The txmq connection was not enlisted in the JTA transaction, so the messages to "
                    + envelopes.get(0).queue() + " could not be sent atomically and were discarded: configure the"
                    + " connection definition with transaction-support XATransaction");
        }
        ClientProducer producer = xa ? xaProducer() : plainProducer();
        ClientSession session = xa ? xaSession : plainSession;
        for (Envelope envelope : envelopes) {
            broker.ensureQueueOn(connection, envelope.queue());
            try {
                producer.send(SimpleString.of(envelope.queue()), envelope.toMessage(session, System.currentTimeMillis()));
            } catch (ActiveMQException e) {
                failed();
                throw broker.unavailable("send to queue '" + envelope.queue() + "'", e);
            }
        }
    }

    private ClientProducer xaProducer() {
        if (xaProducer == null) {
            xaProducer = createProducer(xaSession);
        }
        return xaProducer;
    }

    private ClientProducer plainProducer() {
        if (plainSession == null) {
            plainSession = open(false);
            plainProducer = createProducer(plainSession);
        }
        return plainProducer;
    }

    private ClientProducer createProducer(ClientSession session) {
        try {
            return session.createProducer();
        } catch (ActiveMQException e) {
            failed();
            throw broker.unavailable("create a producer", e);
        }
    }

    private ClientSession open(boolean xa) {
        ClientSession session = broker.openSession(connection, xa);
        session.addFailureListener(new FailureReporter());
        return session;
    }

    /** Whether this connection may be handed out again. */
    boolean healthy() {
        return !broken && !connection.isClosed();
    }

    /** The connection to the broker is lost: tell the pool to throw this connection away. */
    void failed() {
        if (broken) {
            return;
        }
        broken = true;
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED,
                new TxmqException("Lost the connection to " + broker.describe()));
        listeners.forEach(listener -> listener.connectionErrorOccurred(event));
    }

    void closed(BrokerConnection handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(listener -> listener.connectionClosed(event));
    }

    @Override
    public void associateConnection(Object handle) throws ResourceException {
        if (!(handle instanceof BrokerConnection moved)) {
            throw new ResourceException("Not a txmq connection handle: " + handle);
        }
        moved.owner().handles.remove(moved);
        moved.reassign(this);
        handles.add(moved);
    }

    @Override
    public void cleanup() {
        handles.forEach(BrokerConnection::invalidate);
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
        synchronized (this) {
            if (xaResource != null) {
                xaResource.close(); // its recovery scan's connections, if it scanned
            }
        }
        connection.close(); // closes its sessions and producers
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("txmq supports XA transactions only: configure transaction-support XATransaction");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override public String getEISProductName() { return "Apache ActiveMQ Artemis"; }
            @Override public String getEISProductVersion() {
                return connection.getServerLocator().getClass().getPackage().getImplementationVersion();
            }
            @Override public int getMaxConnections() { return 0; }
            @Override public String getUserName() { return ""; }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    private final class FailureReporter implements SessionFailureListener {
        @Override
        public void beforeReconnect(ActiveMQException exception) {
            broker.reportFailure(PublisherManagedConnection.this::failed);
        }

        @Override
        public void connectionFailed(ActiveMQException exception, boolean failedOver) {
            broker.reportFailure(PublisherManagedConnection.this::failed);
        }

        @Override
        public void connectionFailed(ActiveMQException exception, boolean failedOver, String scaleDownTargetNodeID) {
            broker.reportFailure(PublisherManagedConnection.this::failed);
        }
    }
}
