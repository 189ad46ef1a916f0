package dev.txmq.ra;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import dev.txmq.api.TxmqException;

/**
 * The Artemis broker the adapter runs in-process when no {@code brokerUrl} is set: persistent
 * journal in the data directory, reached in-VM, optionally also on a TCP acceptor.
 */
final class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final String inVmUrl;

    private EmbeddedBroker(Configuration configuration, String inVmUrl) {
        this.server.setConfiguration(configuration);
        this.inVmUrl = inVmUrl;
    }

    /** Starts a broker journaling in {@code dataDirectory}; {@code acceptorUrl} may be empty. */
    static EmbeddedBroker start(Path dataDirectory, String acceptorUrl) {
        // in-VM ids are per class loader; a random one keeps two adapter instances of one deployment apart
        String inVmUrl = "vm://" + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        EmbeddedBroker broker = new EmbeddedBroker(configuration(dataDirectory, inVmUrl, acceptorUrl), inVmUrl);
        try {
            broker.server.start();
        } catch (Exception e) {
            throw new TxmqException("The embedded broker could not start with its journal in " + dataDirectory
                    + ": " + e.getMessage() + ". Check that the directory is writable and not used by another broker,"
                    + " or set the adapter property dataDirectory", e);
        }
        LOG.info(() -> "txmq embedded broker started, journal in " + dataDirectory
                + (acceptorUrl.isEmpty() ? "" : ", also listening on " + acceptorUrl));
        return broker;
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
            throw new TxmqException("The adapter property acceptorUrl '" + acceptorUrl + "' is not a valid Artemis"
                    + " acceptor URL: " + e.getMessage() + ". Use the form tcp://127.0.0.1:61616", e);
        }
        // txmq moves failed messages itself; the broker must never drop or divert one
        // and the age of a queue's oldest message counts from when the broker received it
        config.addAddressSetting("#", new AddressSettings().setMaxDeliveryAttempts(-1).setEnableIngressTimestamp(true));
        return config;
    }
}
