package dev.txmq.ra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.ObjectName;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

import dev.txmq.api.QueueNames;
import dev.txmq.api.TxmqException;
import dev.txmq.api.TxmqStatus;
import dev.txmq.ra.inbound.Activation;
import dev.txmq.ra.inbound.QueueActivationSpec;

/**
 * The txmq resource adapter: owns the broker (embedded, or the connection to an external one),
 * the JSON codec and the transaction registry that the connection factories and activations use.
 * Its properties are described, with their defaults, in META-INF/ra.xml and the README; they are
 * validated in {@link #start} and cannot change afterwards.
 */
public final class TxmqResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(TxmqResourceAdapter.class.getName());
    private static final long DEACTIVATION_TIMEOUT_MS = 30_000;

    private String brokerUrl = "";
    private String user = "";
    private String password = "";
    private String dataDirectory = "";
    private String deadLetterPrefix = "DLQ.";
    private String acceptorUrl = "";
    private Integer maxReplays = 3;
    private String transactionManager = "";

    private volatile Running running;
    private final Map<ActivationKey, Activation> activations = new ConcurrentHashMap<>();
    private final ThreadLocal<String> deliveryCorrelation = new ThreadLocal<>();
    private ClientSessionFactory recoveryConnection; // guarded by this
    private BrokerXAResource recoveryResource; // guarded by this
    private volatile boolean recoveryBroken;
    private AdapterJmx jmx;

    /** What exists between start and stop. */
    private record Running(Broker broker, EmbeddedBroker embedded, JsonCodec json,
                           TransactionSynchronizationRegistry transactions, TransactionManager transactionManager,
                           WorkManager work, Metrics metrics) {}

    private record ActivationKey(MessageEndpointFactory endpoints, ActivationSpec spec) {}

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        if (!QueueNames.isValid(deadLetterPrefix + "q")) {
            throw new ResourceAdapterInternalException("The txmq property deadLetterPrefix '" + deadLetterPrefix
                    + "' is invalid: use letters, digits, '.', '_' or '-' (the default is DLQ.)");
        }
        if (maxReplays == null || maxReplays < 0) {
            throw new ResourceAdapterInternalException("The txmq property maxReplays '" + maxReplays
                    + "' is invalid: use 0 or more (the default is 3)");
        }
        TransactionSynchronizationRegistry transactions = transactions(context);
        TransactionManager manager = lookUpTransactionManager();
        try {
            running = brokerUrl.isBlank() ? startEmbedded(transactions, manager, context)
                    : connectExternal(transactions, manager, context);
            jmx = AdapterJmx.register(this, running.metrics());
            warmUp(running.broker(), context.getWorkManager());
        } catch (TxmqException e) {
            throw new ResourceAdapterInternalException(e.getMessage(), e);
        }
    }

    /** {@link Broker#warmUp} on one of the server's work threads: the deployment does not wait for it. */
    private static void warmUp(Broker broker, WorkManager work) {
        try {
            work.scheduleWork(new BackgroundWork(broker::warmUp));
        } catch (WorkException e) {
            LOG.log(Level.FINE, e, () -> "txmq connects at the first use instead of at start: " + e.getMessage());
        }
    }

    private Running startEmbedded(TransactionSynchronizationRegistry transactions, TransactionManager manager,
                                  BootstrapContext context) {
        EmbeddedBroker embedded = EmbeddedBroker.start(dataPath(), acceptorUrl.strip(), user, password);
        Broker broker = new Broker(embedded.url(), "the embedded broker", user, password, deadLetterPrefix);
        return new Running(broker, embedded, new JsonCodec(), transactions, manager, context.getWorkManager(), new Metrics());
    }

    private Running connectExternal(TransactionSynchronizationRegistry transactions, TransactionManager manager,
                                    BootstrapContext context) {
        Broker broker = new Broker(brokerUrl.strip(), "the broker at " + Broker.redacted(brokerUrl.strip()), user, password,
                deadLetterPrefix);
        LOG.info(() -> "txmq uses " + broker.describe());
        return new Running(broker, null, new JsonCodec(), transactions, manager, context.getWorkManager(), new Metrics());
    }

    @Override
    public void stop() {
        activations.values().forEach(activation -> activation.stop(DEACTIVATION_TIMEOUT_MS));
        activations.clear();
        closeRecoveryConnection();
        if (jmx != null) {
            jmx.unregister();
            jmx = null;
        }
        Running stopping = running;
        running = null;
        if (stopping == null) {
            return;
        }
        stopping.broker().close();
        try {
            stopping.json().close();
        } catch (TxmqException e) {
            LOG.log(Level.WARNING, e.getMessage() + "; no message is affected", e);
        }
        if (stopping.embedded() != null) {
            stopping.embedded().stop();
            LOG.info("txmq embedded broker stopped");
        }
    }

    /** The broker; throws if the adapter is not running. */
    public Broker broker() {
        return running().broker();
    }

    /** What the adapter counts, for JMX. */
    public Metrics metrics() {
        return running().metrics();
    }

    /** The adapter's JMX name (dev.txmq:type=ResourceAdapter,name=txmq...); null if it could not register. */
    public ObjectName jmxName() {
        return jmx == null ? null : jmx.name();
    }

    public JsonCodec json() {
        return running().json();
    }

    public TransactionSynchronizationRegistry transactions() {
        return running().transactions();
    }

    /**
     * The server's transaction manager, named by the transactionManager property; null when it is not
     * set. With it a delivery's receipt and sends share one broker branch, which txmq enlists itself.
     */
    public TransactionManager transactionManager() {
        return running().transactionManager();
    }

    private Running running() {
        Running current = running;
        if (current == null) {
            throw new TxmqException("The txmq resource adapter is not started: check the server log for why"
                    + " txmq.rar did not start, and that it has a resource-adapter configuration");
        }
        return current;
    }

    private Path dataPath() {
        if (!dataDirectory.isBlank()) {
            return Path.of(dataDirectory.strip());
        }
        for (String property : new String[] {"jboss.server.data.dir", "com.sun.aas.instanceRoot"}) {
            String dir = System.getProperty(property);
            if (dir != null) {
                return Path.of(dir, "txmq");
            }
        }
        return Path.of(System.getProperty("user.dir"), "txmq-data");
    }

    private TransactionManager lookUpTransactionManager() throws ResourceAdapterInternalException {
        String name = transactionManager.strip();
        if (name.isEmpty()) {
            LOG.info("txmq: transactionManager is not set, so a message-driven bean's receipt takes a broker branch"
                    + " of its own and its sends another (set it to the JNDI name of the server's TransactionManager"
                    + " for one branch per delivery)");
            return null;
        }
        Object found;
        try {
            found = new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new ResourceAdapterInternalException("The txmq property transactionManager names '" + name + "', which"
                    + " JNDI does not know (" + e + "): set it to the JNDI name of the server's jakarta.transaction."
                    + "TransactionManager (WildFly: java:jboss/TransactionManager, Payara: java:appserver/TransactionManager)"
                    + " or leave it empty", e);
        }
        if (!(found instanceof TransactionManager manager)) {
            throw new ResourceAdapterInternalException("The txmq property transactionManager names '" + name + "', which"
                    + " is a " + (found == null ? "null" : found.getClass().getName()) + ", not a jakarta.transaction."
                    + "TransactionManager: set it to the JNDI name of the server's TransactionManager or leave it empty");
        }
        return manager;
    }

    private static TransactionSynchronizationRegistry transactions(BootstrapContext context)
            throws ResourceAdapterInternalException {
        TransactionSynchronizationRegistry registry = context.getTransactionSynchronizationRegistry();
        if (registry != null) {
            return registry;
        }
        try {
            return (TransactionSynchronizationRegistry) new InitialContext()
                    .lookup("java:comp/TransactionSynchronizationRegistry");
        } catch (NamingException e) {
            throw new ResourceAdapterInternalException("txmq needs the server's TransactionSynchronizationRegistry"
                    + " and found none (neither from the BootstrapContext nor in JNDI): " + e.getMessage(), e);
        }
    }

    /** Starts consuming for a message-driven bean that implements {@link dev.txmq.api.MessageHandler}. */
    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof QueueActivationSpec queueSpec)) {
            throw new NotSupportedException("txmq activates QueueActivationSpec only, not " + spec);
        }
        Running current = running();
        activations.put(new ActivationKey(factory, spec), Activation.start(this, factory, queueSpec, current.work()));
    }

    /** Stops consuming, waiting up to 30 s for the deliveries in flight. */
    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Activation activation = activations.remove(new ActivationKey(factory, spec));
        if (activation != null) {
            activation.stop(DEACTIVATION_TIMEOUT_MS);
        }
    }

    /**
     * The XAResource the server's recovery uses for message receipts left in doubt by a crash. All
     * sessions on one broker node are one resource manager, so one resource, on one connection kept
     * open until the adapter stops (or the connection fails), answers for every activation: the
     * server asks once per activation and keeps scanning with what it was given.
     */
    @Override
    public synchronized XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        try {
            if (recoveryResource == null || recoveryBroken || recoveryConnection.isClosed()) {
                closeRecoveryConnection();
                Broker broker = running().broker();
                recoveryConnection = broker.connect();
                ClientSession session = broker.openSession(recoveryConnection, true);
                recoveryBroken = false;
                recoveryResource = BrokerXAResource.forSends(broker, session, broker.nodeId(recoveryConnection),
                        () -> recoveryBroken = true);
            }
            return new XAResource[] {recoveryResource};
        } catch (TxmqException e) {
            throw new ResourceException("txmq cannot recover message receipts now: " + e.getMessage(), e);
        }
    }

    private synchronized void closeRecoveryConnection() {
        if (recoveryResource != null) {
            recoveryResource.close();
        }
        if (recoveryConnection != null) {
            recoveryConnection.close();
        }
        recoveryConnection = null;
        recoveryResource = null;
    }

    /**
     * Whether {@code queue} is a dead-letter queue: its name starts with the deadLetterPrefix, or an
     * active message-driven bean names it as its deadLetterQueue.
     */
    public boolean isDeadLetterQueue(String queue) {
        return broker().isDeadLetterQueue(queue)
                || activations.values().stream().anyMatch(activation -> queue.equals(activation.deadLetterQueue()));
    }

    /** The broker's reachability (a connection opened and closed now) and every activation's state. */
    public TxmqStatus status() {
        Broker broker = broker();
        boolean reachable;
        try {
            broker.connect().close();
            reachable = true;
        } catch (TxmqException e) {
            reachable = false;
        }
        return new TxmqStatus(broker.describe(), reachable, consumers());
    }

    /** Every activation's consumers: its queue, sessions, and whether they consume. */
    public List<TxmqStatus.Consumer> consumers() {
        return activations.values().stream().map(Activation::status).toList();
    }

    /** Runs a handler with {@code correlationId} as the default correlation id of the messages it sends. */
    public void deliveringWithCorrelation(String correlationId, Callable<Void> handler) throws Exception {
        deliveryCorrelation.set(correlationId);
        try {
            handler.call();
        } finally {
            deliveryCorrelation.remove();
        }
    }

    /** The correlation id of the message being handled on this thread, or a new one. */
    public String correlationOrNew() {
        String inherited = deliveryCorrelation.get();
        return inherited != null ? inherited : UUID.randomUUID().toString();
    }

    /** The Artemis URL of an external broker; empty (the default) starts an embedded broker. */
    public String getBrokerUrl() { return brokerUrl; }
    public void setBrokerUrl(String brokerUrl) { this.brokerUrl = nullToEmpty(brokerUrl); }

    /** The user to connect to the broker as; empty (the default) for none. */
    public String getUser() { return user; }
    public void setUser(String user) { this.user = nullToEmpty(user); }

    /** The broker password; never logged. Empty by default. */
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = nullToEmpty(password); }

    /** The embedded broker's journal directory; empty (the default) means {@code <server data dir>/txmq}. */
    public String getDataDirectory() { return dataDirectory; }
    public void setDataDirectory(String dataDirectory) { this.dataDirectory = nullToEmpty(dataDirectory); }

    /** The prefix of dead-letter queue names; default {@code DLQ.} (so orders has DLQ.orders). */
    public String getDeadLetterPrefix() { return deadLetterPrefix; }
    public void setDeadLetterPrefix(String deadLetterPrefix) { this.deadLetterPrefix = nullToEmpty(deadLetterPrefix); }

    /** An extra TCP acceptor of the embedded broker (e.g. tcp://127.0.0.1:61616), for tools; empty (the default) for in-VM only. */
    public String getAcceptorUrl() { return acceptorUrl; }
    public void setAcceptorUrl(String acceptorUrl) { this.acceptorUrl = nullToEmpty(acceptorUrl); }

    /** How many times Queues.replay moves one message back before it stays put unless forced; default 3. */
    public Integer getMaxReplays() { return maxReplays; }
    public void setMaxReplays(Integer maxReplays) { this.maxReplays = maxReplays; }

    /**
     * The JNDI name of the server's jakarta.transaction.TransactionManager; empty (the default) gives a
     * delivery's receipt a broker branch of its own. The install scripts set it for WildFly and Payara.
     */
    public String getTransactionManager() { return transactionManager; }
    public void setTransactionManager(String transactionManager) { this.transactionManager = nullToEmpty(transactionManager); }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public boolean equals(Object other) {
        return this == other; // each deployment's adapter is its own
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "TxmqResourceAdapter[brokerUrl=" + Broker.redacted(brokerUrl) + ", user=" + user + ", dataDirectory=" + dataDirectory
                + ", deadLetterPrefix=" + deadLetterPrefix + ", acceptorUrl=" + Broker.redacted(acceptorUrl)
                + ", maxReplays=" + maxReplays + "]";
    }
}
