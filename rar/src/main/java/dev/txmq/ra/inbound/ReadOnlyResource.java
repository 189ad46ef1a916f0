package dev.txmq.ra.inbound;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource txmq hands the container with a transacted delivery when the delivery's broker work
 * has a branch of its own, enlisted last ({@link LastBranch}): it does nothing and votes read-only, so
 * the transaction manager drops it at prepare.
 */
final class ReadOnlyResource implements XAResource {

    @Override public void start(Xid xid, int flags) {}
    @Override public void end(Xid xid, int flags) {}
    @Override public int prepare(Xid xid) { return XA_RDONLY; }
    @Override public void commit(Xid xid, boolean onePhase) {}
    @Override public void rollback(Xid xid) {}
    @Override public void forget(Xid xid) {}
    @Override public Xid[] recover(int flag) { return new Xid[0]; }
    @Override public boolean isSameRM(XAResource other) { return other == this; }
    @Override public int getTransactionTimeout() { return 0; }
    @Override public boolean setTransactionTimeout(int seconds) { return false; }

    @Override
    public String toString() {
        return "txmq delivery XAResource (read-only: the broker's branch is enlisted at commit)";
    }
}
