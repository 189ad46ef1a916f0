package dev.txmq.crash;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

/** One broker node's own counters, read through its management address (not the cluster's). */
final class NodeStatistics implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSession session;
    private final ClientRequestor requestor;

    NodeStatistics(String url) throws Exception {
        locator = ActiveMQClient.createServerLocator(url);
        ClientSessionFactory factory = locator.createSessionFactory();
        session = factory.createSession();
        session.start();
        requestor = new ClientRequestor(session, "activemq.management");
    }

    /** Messages ever added to {@code queue} on this node. */
    long messagesAdded(String queue) throws Exception {
        return number(queue, "messagesAdded");
    }

    long consumerCount(String queue) throws Exception {
        return number(queue, "consumerCount");
    }

    private long number(String queue, String attribute) throws Exception {
        ClientMessage request = session.createMessage(false);
        ManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
        ClientMessage reply = requestor.request(request, 10_000);
        if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException("No " + attribute + " of queue " + queue + " from " + locator + ": "
                    + (reply == null ? "no answer" : ManagementHelper.getResult(reply)));
        }
        return ((Number) ManagementHelper.getResult(reply)).longValue();
    }

    @Override
    public void close() throws Exception {
        requestor.close();
        locator.close();
    }
}
