package dev.txmq.ra.stubs;

import java.util.List;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/** Passes every call through and writes "name:commit" etc. to a shared log, to see the order of two-phase commit. */
public final class RecordingXAResource implements XAResource {

    private final XAResource delegate;
    private final String name;
    private final List<String> log;
    private Runnable beforeCommit = () -> {};
    private boolean voteRollback;

    public RecordingXAResource(XAResource delegate, String name, List<String> log) {
        this.delegate = delegate;
        this.name = name;
        this.log = log;
    }

    /** Runs {@code check} as this resource is about to commit, e.g. to look at the broker at that instant. */
    public RecordingXAResource beforeCommit(Runnable check) {
        beforeCommit = check;
        return this;
    }

    /** Makes prepare vote rollback, as a database that hits a constraint or a deadlock at commit would. */
    public RecordingXAResource voteRollback() {
        voteRollback = true;
        return this;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        beforeCommit.run();
        delegate.commit(xid, onePhase);
        log.add(name + ":commit");
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        log.add(name + ":prepare");
        if (voteRollback) {
            delegate.rollback(xid);
            throw new XAException(XAException.XA_RBINTEGRITY);
        }
        return delegate.prepare(xid);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        log.add(name + ":rollback");
        delegate.rollback(xid);
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        log.add(name + ":start");
        delegate.start(xid, flags);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        delegate.end(xid, flags);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate.forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate.recover(flag);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        return delegate.isSameRM(other instanceof RecordingXAResource recording ? recording.delegate : other);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate.setTransactionTimeout(seconds);
    }
}
