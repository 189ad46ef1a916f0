package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.resource.spi.ActivationSpec;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.transaction.impl.XidImpl;
import org.junit.jupiter.api.Test;

import dev.txmq.ra.stubs.PagingBroker;
import dev.txmq.ra.stubs.StandaloneAdapter;

/**
 * Recovery on two broker nodes: a branch prepared on one node is finished there even when the
 * scan that listed it is gone by the time the transaction manager commits it (its connection was closed,
 * as a lost connection or the server's pool closes it). In recovery Narayana takes an {@code XAER_NOTA}
 * on commit for "committed already": a commit asked of a node that never had the branch would leave it
 * prepared for good, its messages never delivered.
 */
class RecoveryAcrossNodesIT {

    private static final long PLENTY = 64L * 1024 * 1024;

    @Test
    void aBranchNoLongerListedIsCommittedOnItsOwnNode() throws Exception {
        String queue = "recovered-" + UUID.randomUUID().toString().substring(0, 8);
        try (PagingBroker nodeA = new PagingBroker(Path.of("target", "node-a-" + UUID.randomUUID()), PLENTY);
             PagingBroker nodeB = new PagingBroker(Path.of("target", "node-b-" + UUID.randomUUID()), PLENTY);
             StandaloneAdapter txmq = StandaloneAdapter.external("(" + nodeA.url() + "," + nodeB.url() + ")")) {
            BrokerXAResource recovery = (BrokerXAResource) txmq.adapter().getXAResources(new ActivationSpec[0])[0];
            // the branch goes to the node the recovery resource's own session is not on
            PagingBroker other = recovery.toString().contains(nodeA.nodeId()) ? nodeB : nodeA;
            try (ServerLocator locator = ActiveMQClient.createServerLocator(other.url());
                 ClientSessionFactory connection = locator.createSessionFactory();
                 ClientSession session = connection.createSession(true, false, false)) {
                session.createQueue(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
                Xid xid = new XidImpl("txmq-test".getBytes(StandardCharsets.US_ASCII), 1,
                        UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
                session.start(xid, XAResource.TMNOFLAGS);
                session.createProducer(queue).send(session.createMessage(true));
                session.end(xid, XAResource.TMSUCCESS);
                session.prepare(xid); // as a server that died after prepare leaves it

                assertThat(Arrays.asList(recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)))
                        .as("branches listed by the scan of both nodes").anyMatch(listed -> sameXid(listed, xid));
                recovery.close(); // the scan that listed it is gone
                recovery.commit(xid, false);

                assertThat(session.queueQuery(SimpleString.of(queue)).getMessageCount())
                        .as("messages of the committed branch on its node").isEqualTo(1);
                assertThat(session.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).as("branches left on its node")
                        .isEmpty();
            }
        }
    }

    private static boolean sameXid(Xid one, Xid other) {
        return BrokerXAResource.keyOf(one).equals(BrokerXAResource.keyOf(other));
    }
}
