package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.junit.jupiter.api.Test;

class BrokerXAResourceTest {

    private final Session session = new Session();
    private final BrokerXAResource resource = BrokerXAResource.forSends(null, session, "node-1", () -> { });

    @Test
    void anUnchangedTimeoutIsSentToTheBrokerOnce() throws Exception {
        assertThat(resource.setTransactionTimeout(300)).isTrue();
        assertThat(resource.setTransactionTimeout(300)).isTrue();
        assertThat(resource.getTransactionTimeout()).isEqualTo(300);
        resource.setTransactionTimeout(60);
        resource.setTransactionTimeout(60);

        assertThat(session.calls).containsExactly("setTransactionTimeout(300)", "setTransactionTimeout(60)");
    }

    @Test
    void aTimeoutThatFailedToArriveIsSentAgain() throws Exception {
        session.failing = true;
        assertThatThrownBy(() -> resource.setTransactionTimeout(300))
                .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_RMFAIL));
        session.failing = false;
        resource.setTransactionTimeout(300);

        assertThat(session.calls).containsExactly("setTransactionTimeout(300)", "setTransactionTimeout(300)");
    }

    @Test
    void aTimeoutTheBrokerRefusedIsSentAgain() throws Exception {
        session.accepts = false;
        assertThat(resource.setTransactionTimeout(300)).isFalse();
        assertThat(resource.setTransactionTimeout(300)).isFalse();

        assertThat(session.calls).hasSize(2);
    }

    @Test
    void sendingSessionsOnOneNodeShareABranch() {
        assertThat(resource.isSameRM(BrokerXAResource.forSends(null, new Session(), "node-1", () -> { }))).isTrue();
        assertThat(resource.isSameRM(BrokerXAResource.forSends(null, new Session(), "node-2", () -> { }))).isFalse();
        assertThat(resource.isSameRM(new Session())).isFalse();
    }

    @Test
    void aReceiptsBranchIsSharedWithNoOtherSession() {
        BrokerXAResource receipt = BrokerXAResource.forReceipts(null, new Session(), "node-1", () -> { });

        assertThat(receipt.isSameRM(resource)).isFalse();
        assertThat(resource.isSameRM(receipt)).isFalse();
        assertThat(receipt.isSameRM(BrokerXAResource.forReceipts(null, new Session(), "node-1", () -> { }))).isFalse();
    }

    /** Stands for a broker session: records the calls that would go to the broker. */
    static class Session implements XAResource {
        final List<String> calls = new ArrayList<>();
        boolean failing;
        boolean accepts = true;

        @Override
        public boolean setTransactionTimeout(int seconds) throws XAException {
            calls.add("setTransactionTimeout(" + seconds + ")");
            if (failing) {
                throw new XAException(XAException.XAER_RMFAIL);
            }
            return accepts;
        }

        @Override
        public int getTransactionTimeout() {
            calls.add("getTransactionTimeout");
            return 0;
        }

        @Override public void commit(Xid xid, boolean onePhase) { }
        @Override public void end(Xid xid, int flags) { }
        @Override public void forget(Xid xid) { }
        @Override public boolean isSameRM(XAResource other) { return false; }
        @Override public int prepare(Xid xid) { return XA_OK; }
        @Override public Xid[] recover(int flag) { return new Xid[0]; }
        @Override public void rollback(Xid xid) { }
        @Override public void start(Xid xid, int flags) { }
    }
}
