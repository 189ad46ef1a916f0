package dev.txmq.crash;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;

/**
 * An Artemis broker run by the test JVM, standing in for an external broker: a persistent journal in
 * one directory, one TCP acceptor, no security, otherwise Artemis's defaults. {@link #stop} and
 * {@link #start} take it away and bring it back on the same journal, as an operator restarting it would.
 */
final class ExternalBroker implements AutoCloseable {

    private final String url;
    private final ActiveMQServer server;

    ExternalBroker(String url, Path directory) throws Exception {
        this.url = url;
        Configuration config = new ConfigurationImpl().setName("outage-broker").setPersistenceEnabled(true)
                .setSecurityEnabled(false).setJMXManagementEnabled(false).setJournalType(JournalType.NIO)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(directory.toString());
        config.addAcceptorConfiguration("tcp", url);
        this.server = ActiveMQServers.newActiveMQServer(config); // not (config, false): that flag overrides persistence
    }

    /** Starts the broker; its acceptor's port must be free (else WildFly might talk to another broker). */
    void start() throws Exception {
        URI address = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 1000);
            throw new IllegalStateException("Port " + address.getPort() + " is already in use: stop what listens"
                    + " there, or run with another -Dcrash.broker.url");
        } catch (IOException e) {
            // nothing accepted the connection: the port is free
        }
        server.start();
    }

    /** Stops the broker as its operator would: its clients are disconnected, its journal kept. */
    void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
