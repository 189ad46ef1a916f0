package dev.txmq.ra.stubs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.function.Consumer;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.BootstrapContext;

import dev.txmq.api.MessageHandler;
import dev.txmq.api.PublisherFactory;
import dev.txmq.ra.TxmqResourceAdapter;
import dev.txmq.ra.inbound.QueueActivationSpec;
import dev.txmq.ra.outbound.PublisherManagedConnectionFactory;
import dev.txmq.testkit.BrokerProbe;

/** txmq.rar without a server: the resource adapter, one connection definition, Narayana. */
public final class StandaloneAdapter implements AutoCloseable {

    static {
        TestNaming.install();
    }

    private final TxmqResourceAdapter adapter;
    private final EnlistingConnectionManager pool = new EnlistingConnectionManager(Narayana.transactionManager());
    private final PublisherFactory factory;
    private final String acceptorUrl;

    private StandaloneAdapter(TxmqResourceAdapter adapter, String acceptorUrl) throws ResourceException {
        this(adapter, acceptorUrl, new TestBootstrapContext());
    }

    /** As the install scripts configure it: it knows the server's transaction manager. */
    private static TxmqResourceAdapter newAdapter() {
        TxmqResourceAdapter adapter = new TxmqResourceAdapter();
        adapter.setTransactionManager(TestNaming.TRANSACTION_MANAGER);
        return adapter;
    }

    private StandaloneAdapter(TxmqResourceAdapter adapter, String acceptorUrl, BootstrapContext context) throws ResourceException {
        this.adapter = adapter;
        this.acceptorUrl = acceptorUrl;
        adapter.start(context);
        PublisherManagedConnectionFactory definition = new PublisherManagedConnectionFactory();
        definition.setResourceAdapter(adapter);
        factory = (PublisherFactory) definition.createConnectionFactory(pool);
    }

    /** An adapter with its embedded broker journaling in {@code dataDirectory}, reachable on a free loopback port. */
    public static StandaloneAdapter embedded(Path dataDirectory) throws ResourceException {
        return embedded(dataDirectory, "tcp://127.0.0.1:" + freePort());
    }

    /** The same, on a given acceptor URL (to bring a broker back where it was). */
    public static StandaloneAdapter embedded(Path dataDirectory, String acceptorUrl) throws ResourceException {
        return embedded(newAdapter(), dataDirectory, acceptorUrl);
    }

    /**
     * An embedded adapter that does not know the transaction manager (transactionManager unset): a
     * delivery's receipt takes a broker branch of its own.
     */
    public static StandaloneAdapter embeddedWithoutTransactionManager(Path dataDirectory) throws ResourceException {
        return embedded(new TxmqResourceAdapter(), dataDirectory, "tcp://127.0.0.1:" + freePort());
    }

    private static StandaloneAdapter embedded(TxmqResourceAdapter adapter, Path dataDirectory, String acceptorUrl)
            throws ResourceException {
        adapter.setDataDirectory(dataDirectory.toString());
        adapter.setAcceptorUrl(acceptorUrl);
        return new StandaloneAdapter(adapter, acceptorUrl);
    }

    /**
     * An embedded adapter on a server like Payara: its registry's transaction key is the transaction
     * itself ({@link TransactionKeyRegistry}), and its pool enlists nothing (see
     * {@link EnlistingConnectionManager#enlistNothing}).
     */
    public static StandaloneAdapter embeddedOnPayaraLikeServer(Path dataDirectory) throws ResourceException {
        TxmqResourceAdapter adapter = newAdapter();
        String acceptorUrl = "tcp://127.0.0.1:" + freePort();
        adapter.setDataDirectory(dataDirectory.toString());
        adapter.setAcceptorUrl(acceptorUrl);
        StandaloneAdapter txmq = new StandaloneAdapter(adapter, acceptorUrl, new TestBootstrapContext(new TransactionKeyRegistry()));
        txmq.pool.enlistNothing(true);
        return txmq;
    }

    /** An adapter configured by {@code settings} (brokerUrl, user, acceptorUrl, ...); clients reach its broker at {@code clientUrl}. */
    public static StandaloneAdapter configured(String clientUrl, Consumer<TxmqResourceAdapter> settings) throws ResourceException {
        TxmqResourceAdapter adapter = newAdapter();
        settings.accept(adapter);
        return new StandaloneAdapter(adapter, clientUrl);
    }

    /** An adapter that connects to the broker at {@code brokerUrl}. */
    public static StandaloneAdapter external(String brokerUrl) throws ResourceException {
        TxmqResourceAdapter adapter = newAdapter();
        adapter.setBrokerUrl(brokerUrl);
        return new StandaloneAdapter(adapter, brokerUrl);
    }

    public PublisherFactory factory() {
        return factory;
    }

    public TxmqResourceAdapter adapter() {
        return adapter;
    }

    /** Where clients reach this adapter's broker. */
    public String acceptorUrl() {
        return acceptorUrl;
    }

    /** Activates {@code bean} on {@code queue}, as deploying a message-driven bean would; close to undeploy it. */
    public AutoCloseable consume(String queue, MessageHandler bean, Consumer<QueueActivationSpec> settings)
            throws ResourceException {
        QueueActivationSpec spec = new QueueActivationSpec();
        spec.setResourceAdapter(adapter);
        spec.setDestination(queue);
        settings.accept(spec);
        TestEndpointFactory endpoints = new TestEndpointFactory(bean);
        adapter.endpointActivation(endpoints, spec);
        return () -> adapter.endpointDeactivation(endpoints, spec);
    }

    public EnlistingConnectionManager pool() {
        return pool;
    }

    /** A client of the broker from outside the adapter, as a consumer would be. */
    public BrokerProbe probe() {
        return new BrokerProbe(acceptorUrl);
    }

    @Override
    public void close() throws ResourceException {
        pool.close();
        adapter.stop(); // stopping twice is harmless
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on this machine", e);
        }
    }
}
