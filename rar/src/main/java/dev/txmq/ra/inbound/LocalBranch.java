package dev.txmq.ra.inbound;

import java.nio.ByteBuffer;
import java.util.UUID;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A one-phase XA branch on a consumer's session that this adapter starts and ends itself, for work
 * that involves the broker alone: moving a message, or receiving one for a handler whose delivery is
 * not transacted (bean-managed transactions). No transaction manager is involved, so there is
 * nothing in doubt to recover: an uncommitted branch dies with its connection.
 */
final class LocalBranch {

    private static final int FORMAT_ID = 0x74786d71; // "txmq"

    private final XAResource xa;
    private final Xid xid = newXid();
    private boolean ended;

    private LocalBranch(XAResource xa) {
        this.xa = xa;
    }

    static LocalBranch start(XAResource xa) throws XAException {
        LocalBranch branch = new LocalBranch(xa);
        xa.start(branch.xid, XAResource.TMNOFLAGS);
        return branch;
    }

    void commit() throws XAException {
        xa.end(xid, XAResource.TMSUCCESS);
        ended = true;
        xa.commit(xid, true);
    }

    void rollback() throws XAException {
        if (!ended) {
            xa.end(xid, XAResource.TMFAIL);
        }
        xa.rollback(xid);
    }

    private static Xid newXid() {
        UUID id = UUID.randomUUID();
        byte[] global = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        return new Xid() {
            @Override public int getFormatId() { return FORMAT_ID; }
            @Override public byte[] getGlobalTransactionId() { return global.clone(); }
            @Override public byte[] getBranchQualifier() { return new byte[] {1}; }
            @Override public String toString() { return "txmq-local-" + id; }
        };
    }
}
