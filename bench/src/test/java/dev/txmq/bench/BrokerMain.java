package dev.txmq.bench;

import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The one Artemis broker both contenders use, in its own JVM: {@code BrokerMain DIRECTORY PORT
 * BUFFER_TIMEOUT_NS}. Persistent, with the journal settings stated in docs/PERFORMANCE.md (NIO journal,
 * every commit and every durable non-transactional send synced to disk, writes gathered for at most
 * BUFFER_TIMEOUT_NS before a sync), one TCP acceptor on 127.0.0.1, no security.
 * Prints {@value #READY} once it accepts connections and runs until killed.
 */
public final class BrokerMain {

    static final String READY = "bench broker ready";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int bufferTimeoutNanos = Integer.parseInt(args[2]);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(configuration(directory, port,
                bufferTimeoutNanos));
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker), "bench-broker-stop"));
        System.out.println(READY + " on tcp://127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    static Configuration configuration(Path directory, int port, int bufferTimeoutNanos) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("bench-broker")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalSyncTransactional(true)
                .setJournalSyncNonTransactional(true)
                .setJournalBufferTimeout_NIO(bufferTimeoutNanos)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .addAcceptorConfiguration("bench", "tcp://127.0.0.1:" + port);
        config.addAddressSetting("#", new AddressSettings().setAutoCreateQueues(true).setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false).setAutoDeleteAddresses(false));
        return config;
    }

    private static void stop(EmbeddedActiveMQ broker) {
        try {
            broker.stop();
        } catch (Exception e) {
            System.err.println("bench broker: could not stop cleanly: " + e);
        }
    }
}
