package dev.txmq.ra;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ClusterTopologyListener;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.client.TopologyMember;

/**
 * The broker nodes the adapter knows, for recovery, which must ask every one of them: the addresses of
 * the URL, and every node its cluster announced since the adapter started, each with every address it
 * was announced at (its active server's and its backup's). A node that goes down stays known: its
 * prepared branches are still on its journal.
 */
public final class BrokerNodes implements ClusterTopologyListener {

    private final ServerLocator locator;
    private final Map<String, Map<String, TransportConfiguration>> announced = new ConcurrentHashMap<>();

    BrokerNodes(ServerLocator locator) {
        this.locator = locator;
        locator.addClusterTopologyListener(this);
    }

    /** One node announced by the cluster: the addresses it can be reached at. */
    public record Node(List<TransportConfiguration> addresses) {
        @Override
        public String toString() {
            return addresses.stream().map(BrokerNodes::address).collect(Collectors.joining(" or "));
        }
    }

    @Override
    public void nodeUP(TopologyMember member, boolean last) {
        Map<String, TransportConfiguration> addresses = announced.computeIfAbsent(member.getNodeId(), id -> new ConcurrentHashMap<>());
        Stream.of(member.getPrimary(), member.getBackup()).filter(Objects::nonNull)
                .forEach(address -> addresses.put(address(address), address));
    }

    @Override
    public void nodeDown(long eventUID, String nodeID) {
        // stays known: a node that is down keeps its prepared branches for its return
    }

    /** Every node the cluster announced. */
    public List<Node> announced() {
        return announced.values().stream().map(addresses -> new Node(List.copyOf(addresses.values()))).toList();
    }

    /** The node the cluster announced with id {@code nodeId}; null if none was. */
    public Node node(String nodeId) {
        Map<String, TransportConfiguration> addresses = announced.get(nodeId);
        return addresses == null ? null : new Node(List.copyOf(addresses.values()));
    }

    /** The URL's addresses. */
    public List<TransportConfiguration> configured() {
        return List.of(locator.getStaticTransportConfigurations());
    }

    /**
     * Opens a connection to the first of {@code addresses} that answers, never to another node, with the
     * URL's timeouts. Closing the connection's {@link ClientSessionFactory#getServerLocator() locator}
     * closes both.
     *
     * @throws Exception if none answers
     */
    ClientSessionFactory connect(Collection<TransportConfiguration> addresses) throws Exception {
        ServerLocator direct = ActiveMQClient.createServerLocatorWithoutHA(addresses.toArray(TransportConfiguration[]::new));
        direct.setCallTimeout(locator.getCallTimeout()).setClientFailureCheckPeriod(locator.getClientFailureCheckPeriod())
                .setConnectionTTL(locator.getConnectionTTL()).setRetryInterval(0).setUseTopologyForLoadBalancing(false);
        try {
            return direct.createSessionFactory();
        } catch (Exception e) {
            direct.close();
            throw e;
        }
    }

    /** host:port with the host resolved (so the URL's "localhost" and a broker's "127.0.0.1" match); an in-VM name as is. */
    static String address(TransportConfiguration address) {
        Object host = address.getParams().get("host");
        if (host == null) {
            return address.getName();
        }
        try {
            return InetAddress.getByName(host.toString()).getHostAddress() + ":" + address.getParams().get("port");
        } catch (UnknownHostException e) {
            return host + ":" + address.getParams().get("port");
        }
    }
}
