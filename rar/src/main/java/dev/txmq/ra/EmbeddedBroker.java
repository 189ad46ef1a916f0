package dev.txmq.ra;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

import dev.txmq.api.TxmqException;

/**
 * The Artemis broker the adapter runs in-process when no {@code brokerUrl} is set: persistent
 * journal in the data directory, reached in-VM, optionally also on a TCP acceptor.
 */
final class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());
    private static final String ROLE = "txmq";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final String inVmUrl;

    private EmbeddedBroker(Configuration configuration, String inVmUrl) {
        this.server.setConfiguration(configuration);
        this.inVmUrl = inVmUrl;
    }

    /**
     * Starts a broker journaling in {@code dataDirectory}; {@code acceptorUrl} may be empty. With a {@code user},
     * every connection (in-VM and through the acceptor) must log in as that user with {@code password}, who may do
     * everything; without one, security is off (as for the in-VM connections only, where nothing else can connect).
     */
    static EmbeddedBroker start(Path dataDirectory, String acceptorUrl, String user, String password) {
        // in-VM ids are per class loader; a random one keeps two adapter instances of one deployment apart
        String inVmUrl = "vm://" + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        Configuration configuration = configuration(dataDirectory, inVmUrl, acceptorUrl);
        EmbeddedBroker broker = new EmbeddedBroker(configuration, inVmUrl);
        if (!user.isEmpty()) {
            broker.requireLogin(configuration, user, password);
        }
        try {
            broker.server.start();
        } catch (Exception e) {
            throw new TxmqException("The embedded broker could not start with its journal in " + dataDirectory
                    + ": " + e.getMessage() + ". Check that the directory is writable and not used by another broker,"
                    + " or set the adapter property dataDirectory", e);
        }
        LOG.info(() -> "txmq embedded broker started, journal in " + dataDirectory
                + (acceptorUrl.isEmpty() ? "" : ", also listening on " + Broker.redacted(acceptorUrl))
                + (user.isEmpty() ? "" : ", clients must log in as " + user));
        return broker;
    }

    private void requireLogin(Configuration configuration, String user, String password) {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(user, password);
        users.addRole(user, ROLE);
        server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        configuration.setSecurityEnabled(true);
        // send, consume, create/delete durable and non-durable queues, manage, browse, create/delete addresses, view, edit
        configuration.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true,
                true, true)));
    }

    /** The URL clients in this JVM connect with. */
    String url() {
        return inVmUrl;
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new TxmqException("The embedded broker did not stop cleanly: " + e.getMessage()
                    + ". Its journal is intact; messages not yet consumed are delivered after the next start", e);
        }
    }

    private static Configuration configuration(Path dir, String inVmUrl, String acceptorUrl) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("txmq");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        // WildFly's own broker registers MBeans in the same JMX domain; ours stays out of JMX
        config.setJMXManagementEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dir.toString());
        try {
            config.addAcceptorConfiguration("in-vm", inVmUrl);
            if (!acceptorUrl.isEmpty()) {
                config.addAcceptorConfiguration("tcp", acceptorUrl);
            }
        } catch (Exception e) {
            throw new TxmqException("The adapter property acceptorUrl '" + Broker.redacted(acceptorUrl) + "' is not a valid Artemis"
                    + " acceptor URL: " + e.getMessage() + ". Use the form tcp://127.0.0.1:61616", e);
        }
        // txmq moves failed messages itself; the broker must never drop or divert one
        // and the age of a queue's oldest message counts from when the broker received it
        config.addAddressSetting("#", new AddressSettings().setMaxDeliveryAttempts(-1).setEnableIngressTimestamp(true));
        return config;
    }
}
