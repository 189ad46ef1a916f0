package dev.txmq.ra.stubs;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An Artemis broker of its own on a TCP port, as an external broker would be, that pages every
 * address to disk beyond {@code maxSizeBytes} of messages in memory.
 */
public final class PagingBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final String url;

    public PagingBroker(Path dataDirectory, long maxSizeBytes) throws Exception {
        this(dataDirectory, "tcp://127.0.0.1:" + StandaloneAdapter.freePort(), maxSizeBytes);
    }

    /** The broker again, on its journal and URL of before. */
    public static PagingBroker on(Path dataDirectory, String url, long maxSizeBytes) throws Exception {
        return new PagingBroker(dataDirectory, url, maxSizeBytes);
    }

    private PagingBroker(Path dataDirectory, String url, long maxSizeBytes) throws Exception {
        this.url = url;
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("paging");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setJournalDirectory(dataDirectory.resolve("journal").toString());
        config.setBindingsDirectory(dataDirectory.resolve("bindings").toString());
        config.setPagingDirectory(dataDirectory.resolve("paging").toString());
        config.setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dataDirectory.toString());
        config.addAcceptorConfiguration("tcp", url);
        config.addAddressSetting("#", new AddressSettings().setMaxDeliveryAttempts(-1).setEnableIngressTimestamp(true)
                .setMaxSizeBytes(maxSizeBytes).setPageSizeBytes((int) maxSizeBytes / 2)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE));
        server.setConfiguration(config);
        server.start();
    }

    public String url() {
        return url;
    }

    /** The broker's node id. */
    public String nodeId() {
        return server.getActiveMQServer().getNodeID().toString();
    }

    /** The client connections the broker has now. */
    public int connections() {
        return server.getActiveMQServer().getConnectionCount();
    }

    /** Whether the broker is paging messages of {@code address} to disk now. */
    public boolean isPaging(String address) throws Exception {
        return server.getActiveMQServer().getPagingManager().getPageStore(SimpleString.of(address)).isPaging();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
