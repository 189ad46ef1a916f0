package dev.txmq.ra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

/**
 * The recovery scan of one XAResource across every broker node the adapter knows ({@link BrokerNodes}).
 * A cluster's nodes are separate resource managers: a branch prepared on node B is invisible to a
 * session on node A. A scan ({@code recover} with {@code TMSTARTRSCAN}) connects to each node, lists its
 * prepared branches, and remembers which node listed which branch, so the server's commit or rollback of
 * it goes there.
 *
 * <p>The scan answers for all nodes or for none: if one node cannot be reached it fails with
 * {@code XAER_RMFAIL}, and the server retries at its next pass. A partial answer would be read as
 * complete: Narayana takes a committed branch that no scan of its resource listed for already committed,
 * and forgets its decision; the unreached node would later roll the branch back as an orphan, and the
 * messages of a committed transaction would be lost. The connections stay open until the next scan or
 * {@link #close}.
 */
final class RecoveryScan implements AutoCloseable {

    private final Broker broker;
    private final Map<String, Node> nodeOf = new ConcurrentHashMap<>();
    private final List<ClientSessionFactory> connections = new ArrayList<>(); // guarded by this

    RecoveryScan(Broker broker) {
        this.broker = broker;
    }

    /** Every node's prepared branches at {@code TMSTARTRSCAN}; nothing more for the rest of the scan. */
    synchronized Xid[] recover(int flag) throws XAException {
        if ((flag & XAResource.TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        close();
        BrokerNodes nodes = broker.nodes();
        List<Xid> branches = new ArrayList<>();
        Set<String> reachedNodes = new HashSet<>();
        Set<String> reachedAddresses = new HashSet<>();
        List<String> unreachable = new ArrayList<>();
        for (BrokerNodes.Node node : nodes.announced()) {
            scan(node.addresses(), node.toString(), reachedNodes, reachedAddresses, branches, unreachable);
        }
        for (TransportConfiguration address : nodes.configured()) {
            if (!reachedAddresses.contains(BrokerNodes.address(address))) { // else the URL names a node reached already
                scan(List.of(address), BrokerNodes.address(address), reachedNodes, reachedAddresses, branches, unreachable);
            }
        }
        if (!unreachable.isEmpty()) {
            close();
            XAException failure = new XAException("txmq cannot list the prepared branches of broker node(s) "
                    + String.join(", ", unreachable) + ", so it recovers none in this pass: a pass must see every node the"
                    + " adapter knows (the brokerUrl's and every node the cluster announced). The server retries at its next"
                    + " pass; a node removed for good must be taken out of brokerUrl and the adapter restarted");
            failure.errorCode = XAException.XAER_RMFAIL;
            throw failure;
        }
        return branches.toArray(Xid[]::new);
    }

    private void scan(Collection<TransportConfiguration> addresses, String name, Set<String> reachedNodes,
                      Set<String> reachedAddresses, List<Xid> branches, List<String> unreachable) {
        ClientSessionFactory connection;
        try {
            connection = broker.nodes().connect(addresses);
        } catch (Exception e) {
            unreachable.add(name + " (" + JsonCodec.rootMessage(e) + ")");
            return;
        }
        addresses.forEach(address -> reachedAddresses.add(BrokerNodes.address(address)));
        if (!reachedNodes.add(broker.nodeId(connection))) {
            connection.getServerLocator().close(); // the same node, reached through another address
            return;
        }
        connections.add(connection);
        try {
            ClientSession session = broker.openSession(connection, true);
            String nodeId = broker.nodeId(connection);
            for (Xid xid : session.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) {
                nodeOf.put(key(xid), new Node(session, nodeId));
                branches.add(xid);
            }
        } catch (XAException | RuntimeException e) {
            unreachable.add(name + " (" + JsonCodec.rootMessage(e) + ")");
        }
    }

    /** A broker node as a scan reached it: a session on it, and its node id. */
    record Node(XAResource session, String id) {}

    /** The node that listed {@code xid} in the last scan; null if no node did. */
    Node nodeOf(Xid xid) {
        return nodeOf.get(key(xid));
    }

    @Override
    public synchronized void close() {
        nodeOf.clear();
        connections.forEach(connection -> connection.getServerLocator().close()); // closes the connection too
        connections.clear();
    }

    private static String key(Xid xid) {
        return BrokerXAResource.keyOf(xid);
    }
}
