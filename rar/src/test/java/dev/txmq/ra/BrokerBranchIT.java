package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.resource.spi.ActivationSpec;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.txmq.ra.inbound.QueueActivationSpec;

/**
 * The broker's side of a branch, on the real broker: the JTA timeout reaches it, yet it can only
 * roll back a branch that is not prepared; and the recovery resource survives XAER_NOTA.
 */
class BrokerBranchIT extends EmbeddedAdapterTest {

    /** Longer than a 1 s branch timeout plus the broker's 1 s timeout scan. */
    private static final Duration PAST_THE_TIMEOUT = Duration.ofMillis(3500);

    private final String queue = "branches-" + UUID.randomUUID().toString().substring(0, 8);
    private ClientSessionFactory connection;
    private ClientSession session;
    private BrokerXAResource branch;

    @BeforeEach
    void openSession() {
        Broker adapterBroker = txmq.adapter().broker();
        adapterBroker.ensureQueue(queue);
        connection = adapterBroker.connect();
        session = adapterBroker.openSession(connection, true);
        branch = BrokerXAResource.forSends(adapterBroker, session, adapterBroker.nodeId(connection), () -> { });
    }

    @AfterEach
    void closeSession() {
        connection.close();
    }

    @Test
    void theBrokerRollsBackABranchThatOutlivesTheTransactionTimeoutBeforePrepare() throws Exception {
        branch.setTransactionTimeout(1);
        Xid xid = sendInBranch("too late");

        waitPast();

        // Artemis rolls a timed-out branch back and forgets it: prepare answers "no such branch"
        assertThatThrownBy(() -> branch.prepare(xid)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThat(broker.drainBodies(queue)).isEmpty();
    }

    @Test
    void theTimeoutStaysInForceForTheSessionsNextBranchesWithoutBeingSentAgain() throws Exception {
        branch.setTransactionTimeout(1);
        Xid first = sendInBranch("first");
        branch.prepare(first);
        branch.commit(first, false);

        branch.setTransactionTimeout(1); // what the container does at every enlistment; not sent again
        Xid second = sendInBranch("second");
        waitPast();

        assertThatThrownBy(() -> branch.prepare(second)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThat(broker.drainBodies(queue)).containsExactly("first");
    }

    @Test
    void aPreparedBranchIsNeverTimedOutByTheBrokerAndCommitsWhenTheCoordinatorSaysSo() throws Exception {
        branch.setTransactionTimeout(1);
        Xid xid = sendInBranch("decided");
        assertThat(branch.prepare(xid)).isEqualTo(XAResource.XA_OK);

        waitPast(); // the coordinator has decided to commit, but is slow to say so

        branch.commit(xid, false);
        assertThat(broker.drainBodies(queue)).containsExactly("decided");
    }

    @Test
    void xaerNotaOnAFinishedBranchLeavesTheRecoveryResourceWorking() throws Exception {
        XAResource recovery = recoveryResource();
        Xid finished = sendInBranch("finished");
        branch.prepare(finished);
        recovery.commit(finished, false);

        assertThatThrownBy(() -> recovery.commit(finished, false)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThatThrownBy(() -> recovery.rollback(finished)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));

        Xid inDoubt = sendInBranch("in doubt");
        branch.prepare(inDoubt);
        assertThat(recoveryResource()).isSameAs(recovery); // not thrown away as broken
        assertThat(Arrays.asList(recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)))
                .anyMatch(xid -> Arrays.equals(xid.getGlobalTransactionId(), inDoubt.getGlobalTransactionId()));
        recovery.commit(inDoubt, false);
        assertThat(broker.drainBodies(queue)).containsExactly("finished", "in doubt");
    }

    private XAResource recoveryResource() throws Exception {
        QueueActivationSpec spec = new QueueActivationSpec();
        spec.setDestination(queue);
        return txmq.adapter().getXAResources(new ActivationSpec[] {spec})[0];
    }

    private Xid sendInBranch(String body) throws Exception {
        Xid xid = newXid();
        branch.start(xid, XAResource.TMNOFLAGS);
        ClientMessage message = session.createMessage(Message.TEXT_TYPE, true);
        TextMessageUtil.writeBodyText(message.getBodyBuffer(), SimpleString.of(body));
        session.createProducer(queue).send(message);
        branch.end(xid, XAResource.TMSUCCESS);
        return xid;
    }

    /** The broker's clock has to pass the timeout; there is nothing to poll for until it has. */
    private static void waitPast() {
        await().pollDelay(PAST_THE_TIMEOUT).atMost(PAST_THE_TIMEOUT.plusSeconds(1)).until(() -> true);
    }

    private static Xid newXid() {
        byte[] id = UUID.randomUUID().toString().getBytes();
        return new Xid() {
            @Override public int getFormatId() { return 77; }
            @Override public byte[] getGlobalTransactionId() { return id; }
            @Override public byte[] getBranchQualifier() { return new byte[] {1}; }
        };
    }
}
