package dev.txmq.ra;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.core.client.impl.ClientSessionFactoryInternal;
import org.apache.activemq.artemis.uri.ServerLocatorParser;
import org.apache.activemq.artemis.utils.uri.URISchema;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.TxmqException;

/**
 * The adapter's way to its broker, embedded or external: opens connections for managed
 * connections and creates queues (durable, each with its dead-letter queue) on first use.
 * Internal to txmq; public only because the outbound and inbound packages share it.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());

    /** The queue, on every node, of the failures of deliveries not yet acted on (txmq's own: not an application queue). */
    public static final String FAILURE_RECORDS = "txmq.failures";

    /** URL parameters that ask Artemis to retry: a URL with any of them keeps Artemis's retryInterval. */
    private static final Set<String> RETRY_PARAMETERS =
            Set.of("retryInterval", "initialConnectAttempts", "reconnectAttempts", "failoverAttempts");

    private final ServerLocator locator;
    private final BrokerNodes nodes;
    private final String description;
    private final String user;
    private final String password;
    private final String deadLetterPrefix;
    private final boolean tls;
    private final Set<String> knownQueues = ConcurrentHashMap.newKeySet();
    private final Set<String> knownOnNodes = ConcurrentHashMap.newKeySet(); // "nodeId/queue"
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "txmq-connection-failures");
        thread.setDaemon(true);
        return thread;
    });
    private final PendingDecisions decisions = new PendingDecisions(this);
    private ClientSessionFactory adminFactory; // guarded by this
    private ClientSession adminSession; // guarded by this
    private ClientRequestor managementRequestor; // guarded by this

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long MANAGEMENT_TIMEOUT_MS = 30_000;

    /** Writes one management request (an attribute to read, an operation to invoke) into a message. */
    public interface ManagementRequest {
        void fill(ClientMessage message) throws Exception;
    }

    Broker(String url, String description, String user, String password, String deadLetterPrefix) {
        try {
            this.locator = failingFast(url);
        } catch (Exception e) {
            throw new TxmqException("The adapter property brokerUrl '" + redacted(url) + "' is not a valid Artemis URL: "
                    + redacted(String.valueOf(e.getMessage()))
                    + ". Use the form tcp://host:61616 (several: (tcp://a:61616,tcp://b:61616)?ha=true)", e);
        }
        // send() must not return before the broker has stored a durable message
        locator.setBlockOnDurableSend(true);
        this.nodes = new BrokerNodes(locator);
        this.description = description;
        this.user = user;
        this.password = password;
        this.deadLetterPrefix = deadLetterPrefix;
        this.tls = url.toLowerCase(Locale.ROOT).contains("sslenabled=true");
    }

    /**
     * The locator of {@link ActiveMQClient#createServerLocator(String)}, but with retryInterval 0 unless the URL sets
     * one of {@link #RETRY_PARAMETERS}. Once a broker has announced its topology, createSessionFactory tries the
     * topology's connectors, then the URL's, and sleeps retryInterval (Artemis: 2000 ms) in between, holding the
     * locator's lock: with the broker down, every connect of the server waited in line for 2 s per caller. txmq
     * needs no waits there: it does not reconnect broken connections (the pool replaces them), and a caller whose
     * broker is down gets BrokerUnavailableException at once.
     */
    private static ServerLocator failingFast(String url) throws Exception {
        ServerLocatorParser parser = new ServerLocatorParser();
        URI uri = parser.expandURI(url);
        ServerLocator locator = parser.newObject(uri, null);
        if (Collections.disjoint(URISchema.parseQuery(uri.getQuery(), null).keySet(), RETRY_PARAMETERS)) {
            locator.setRetryInterval(0);
        }
        return locator;
    }

    /**
     * {@code url} with the value of every parameter named ...password (keyStorePassword, trustStorePassword, ...)
     * replaced by ***: for logs and messages, which must never show a password.
     */
    public static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;)]*", "$1***");
    }

    /** "the embedded broker" or "the broker at tcp://...", for error messages. */
    public String describe() {
        return description;
    }

    /** The name of the dead-letter queue of {@code queue}: {@code deadLetterPrefix + queue}. */
    public String deadLetterQueueOf(String queue) {
        return deadLetterPrefix + queue;
    }

    /**
     * Opens a new connection to the broker.
     *
     * @throws BrokerUnavailableException if the broker cannot be reached
     */
    public ClientSessionFactory connect() {
        try {
            return locator.createSessionFactory();
        } catch (Exception e) {
            throw unavailable("connect to the broker", e);
        }
    }

    /** Commits and rollbacks txmq carries to a node itself after losing the connection that should have. */
    PendingDecisions decisions() {
        return decisions;
    }

    /** The broker nodes recovery must ask: the URL's and every node the cluster announced. */
    public BrokerNodes nodes() {
        return nodes;
    }

    /** Opens a session: XA, or with every send committed at once. */
    public ClientSession openSession(ClientSessionFactory factory, boolean xa) {
        try {
            return factory.createSession(user, password, xa, !xa, !xa, false, 0);
        } catch (ActiveMQException e) {
            throw unavailable("open a session", e);
        }
    }

    /** Opens a session whose sends and acknowledgements wait for its own commit (no XA): for the operations API. */
    public ClientSession openTransactedSession(ClientSessionFactory factory) {
        try {
            return factory.createSession(user, password, false, false, false, false, 0);
        } catch (ActiveMQException e) {
            throw unavailable("open a session", e);
        }
    }

    /** Whether {@code queue} is named as a dead-letter queue (starts with the adapter's deadLetterPrefix). */
    public boolean isDeadLetterQueue(String queue) {
        return queue.startsWith(deadLetterPrefix);
    }

    /** The broker node's id: two connections to the same node are one XA resource manager. */
    public String nodeId(ClientSessionFactory factory) {
        String id = factory instanceof ClientSessionFactoryInternal internal ? internal.getPrimaryNodeId() : null;
        return id != null ? id : description;
    }

    /**
     * Creates {@code queue} and, unless it is a dead-letter queue itself, its dead-letter queue, durable and anycast,
     * unless they exist, on the node of the adapter's admin connection.
     *
     * @throws BrokerUnavailableException if the broker cannot be reached
     */
    public void ensureQueue(String queue) {
        ensure(queue);
        if (!isDeadLetterQueue(queue)) { // a dead-letter queue has none of its own
            ensure(deadLetterQueueOf(queue));
        }
    }

    /** Creates a single queue (durable, anycast) unless it exists; for dead-letter queues named by an activation. */
    public void ensure(String queue) {
        if (knownQueues.contains(queue)) {
            return;
        }
        synchronized (this) {
            try {
                createIfMissing(adminSession(), queue);
            } catch (ActiveMQException | RuntimeException e) {
                closeAdminSession();
                throw unavailable("create queue '" + queue + "'", e);
            }
        }
        knownQueues.add(queue);
    }

    /**
     * {@link #ensureQueue} on the node {@code connection} is connected to, and {@code alsoQueues} too. In a cluster
     * each node has queues of its own: a connection must find its queues on its own node, whichever node the
     * admin connection reached. Checked once per node and queue.
     *
     * @throws BrokerUnavailableException if the node cannot be reached
     */
    public void ensureQueueOn(ClientSessionFactory connection, String queue, String... alsoQueues) {
        String node = nodeId(connection);
        if (knownOnNodes.contains(node + "/" + queue) // every send asks: one lookup then, the queue's companions exist
                && Stream.of(alsoQueues).allMatch(name -> knownOnNodes.contains(node + "/" + name))) {
            return;
        }
        List<String> queues = new ArrayList<>(List.of(alsoQueues));
        if (!isDeadLetterQueue(queue)) {
            queues.add(deadLetterQueueOf(queue));
        }
        queues.add(queue); // last, so that a known queue means its companions exist too
        List<String> unknown = queues.stream().filter(name -> !knownOnNodes.contains(node + "/" + name)).toList();
        try (ClientSession session = openSession(connection, false)) {
            for (String name : unknown) {
                createIfMissing(session, name);
                knownOnNodes.add(node + "/" + name);
                knownQueues.add(name); // exists on a node, so ensureQueue need not ask the admin connection's
            }
        } catch (ActiveMQException | RuntimeException e) {
            throw unavailable("create queue '" + queue + "'", e);
        }
    }

    private void createIfMissing(ClientSession session, String name) throws ActiveMQException {
        SimpleString queue = SimpleString.of(name);
        if (session.queueQuery(queue).isExists()) {
            return;
        }
        try {
            session.createQueue(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true).setAutoCreateAddress(true));
        } catch (ActiveMQException e) {
            // another server or adapter instance created it between the query and here: that is the goal
            if (e.getType() != ActiveMQExceptionType.QUEUE_EXISTS) {
                throw e;
            }
        }
    }

    /**
     * Sends one Artemis management request on the adapter's admin session and answers its result.
     * One requestor (one reply queue) serves the adapter's life: a reply queue per call would be
     * created, and on the embedded broker logged, every time.
     *
     * @param what the resource and attribute or operation, for error messages
     * @throws BrokerUnavailableException if the broker cannot be reached
     * @throws TxmqException if the broker answers nothing or refuses (txmq's user needs the manage permission)
     */
    public synchronized Object manage(String what, ManagementRequest request) {
        try {
            ClientSession session = adminSession();
            if (managementRequestor == null) {
                session.start();
                managementRequestor = new ClientRequestor(session, MANAGEMENT_ADDRESS);
            }
            ClientMessage message = session.createMessage(false);
            request.fill(message);
            ClientMessage reply = managementRequestor.request(message, MANAGEMENT_TIMEOUT_MS);
            if (reply == null) {
                closeAdminSession(); // a late answer must not be taken for the next request's
                throw new TxmqException("The management request " + what + " got no answer from " + description + " within "
                        + MANAGEMENT_TIMEOUT_MS + " ms: check that the broker's management address is " + MANAGEMENT_ADDRESS);
            }
            Object result = ManagementHelper.getResult(reply);
            if (!ManagementHelper.hasOperationSucceeded(reply)) {
                throw new TxmqException("The management request " + what + " failed on " + description + ": " + result
                        + ". txmq's broker user needs the manage permission on " + MANAGEMENT_ADDRESS);
            }
            return result;
        } catch (TxmqException e) {
            throw e;
        } catch (Exception e) {
            closeAdminSession();
            throw unavailable("ask the broker for " + what, e);
        }
    }

    /**
     * Opens the admin connection now unless it is open, so that the first send does not load the client and
     * connect while holding the lock every first use of a queue takes (with 8 senders at once after a boot, 7
     * waited about a second for the first). A broker that cannot be reached now is not an error here: the first
     * use tries again and reports it.
     */
    public synchronized void warmUp() {
        try {
            adminSession();
        } catch (RuntimeException e) {
            closeAdminSession();
            LOG.log(Level.FINE, e, () -> "txmq could not connect to " + describe() + " at start; the first use retries");
        }
    }

    private ClientSession adminSession() {
        if (adminSession == null || adminSession.isClosed()) {
            closeAdminSession();
            adminFactory = connect();
            adminSession = openSession(adminFactory, false);
        }
        return adminSession;
    }

    private void closeAdminSession() {
        if (adminFactory != null) {
            adminFactory.close(); // closes its sessions too
        }
        adminFactory = null;
        adminSession = null;
        managementRequestor = null;
    }

    /**
     * Runs {@code report} on the adapter's own thread. Artemis calls failure listeners on its client
     * thread, and a pool that destroys the connection from there would wait on that very thread.
     */
    public void reportFailure(Runnable report) {
        notifier.execute(report);
    }

    /** A BrokerUnavailableException naming the broker, what failed and what to do. */
    public BrokerUnavailableException unavailable(String action, Throwable cause) {
        for (Throwable reason = cause; reason != null; reason = reason.getCause()) {
            if (reason instanceof ActiveMQSecurityException refused) {
                return new BrokerUnavailableException("Could not " + action + ": " + description + " refused txmq's login"
                        + (user.isEmpty() ? " without a user" : " as user '" + user + "'") + " (" + refused.getMessage()
                        + "). Check the adapter properties user and password, and that the user may send, consume, browse,"
                        + " manage and create durable queues; nothing was sent", cause);
            }
        }
        return new BrokerUnavailableException("Could not " + action + ": " + description + " is unreachable or failed ("
                + JsonCodec.rootMessage(cause) + "). Check that the broker is running and reachable"
                + (tls ? ", and that the trust store (trustStorePath) holds its certificate: a TLS handshake that fails looks"
                        + " the same" : "")
                + "; nothing was sent", cause);
    }

    @Override
    public synchronized void close() {
        notifier.shutdown();
        decisions.close();
        closeAdminSession();
        locator.close();
    }
}
