package dev.txmq.ra;

import java.time.Duration;
import java.util.Base64;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;

/**
 * The XAResource of one broker session. Two sessions that send on the same broker node are one
 * resource manager ({@link #isSameRM}) and share a branch; a consumer's session shares its branch with
 * no other session (see {@link #forReceipts}). The transaction timeout is session state on
 * the broker: it is sent only when it changes, not at every enlistment. A communication failure is reported as
 * {@code XAER_RMFAIL} ({@code XA_RETRY} in commit), never {@code XAER_RMERR}, so the transaction
 * manager retries or recovers instead of giving up, and the owning connection is reported broken.
 * Recovery ({@link #recover}) lists the prepared branches of every broker node ({@link RecoveryScan}),
 * and a commit, rollback or forget of a branch this session did not start goes to the node that
 * listed it. Internal to txmq; public because the outbound and inbound packages share it.
 */
public final class BrokerXAResource implements XAResource, AutoCloseable {

    private static final int NOT_SENT = Integer.MIN_VALUE;
    /** How long a commit whose connection was lost waits for txmq to carry it through a new one. */
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(5);

    private final Broker broker;
    private final RecoveryScan.Node own; // this session and its node: where this session's own branches finish
    private final boolean sharesBranches;
    private final Runnable onFailure;
    private volatile boolean inBranch;
    private volatile int timeoutSent = NOT_SENT;
    private volatile Xid started; // the branch this session works on, from start to commit or rollback
    private RecoveryScan recovery; // guarded by this; made by the first recover()

    private BrokerXAResource(Broker broker, XAResource session, String nodeId, boolean sharesBranches, Runnable onFailure) {
        this.broker = broker;
        this.own = new RecoveryScan.Node(session, nodeId);
        this.sharesBranches = sharesBranches;
        this.onFailure = onFailure;
    }

    /** For a session that sends (or recovers): it shares a branch with other such sessions on its node. */
    public static BrokerXAResource forSends(Broker broker, XAResource session, String nodeId, Runnable onFailure) {
        return new BrokerXAResource(broker, session, nodeId, true, onFailure);
    }

    /**
     * For a consumer's session, whose branch holds a message's receipt. Normally txmq enlists it
     * itself at commit, after the handler's branches, and the handler's sends go on this session in
     * the same branch (inbound {@code LastBranch}). Without the adapter's transactionManager the
     * container enlists it when the delivery begins, before the handler touches the database, and
     * Narayana commits branches in the order they were enlisted: sends joining it would commit before
     * the handler's rows (the race of guarantee 1). So it is never the same resource manager as another
     * session: no pooled connection's branch ever joins it through {@link #isSameRM}.
     */
    public static BrokerXAResource forReceipts(Broker broker, XAResource session, String nodeId, Runnable onFailure) {
        return new BrokerXAResource(broker, session, nodeId, false, onFailure);
    }

    /** Whether a transaction branch is active on the session (started and not yet ended). */
    public boolean inBranch() {
        return inBranch;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        call(() -> {
            own.session().start(xid, flags);
            return null;
        }, XAException.XAER_RMFAIL);
        started = xid;
        inBranch = true;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        inBranch = false;
        call(() -> {
            own.session().end(xid, flags);
            return null;
        }, XAException.XAER_RMFAIL);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return call(() -> own.session().prepare(xid), XAException.XAER_RMFAIL);
    }

    /**
     * Commits on the node of the branch. If the connection is lost, the branch is prepared (two-phase) and
     * the decision is known: txmq carries it to the node through a new connection ({@link PendingDecisions}),
     * waits up to {@link #DELIVERY_WAIT} for that (a failover takes about a second), and answers
     * {@code XA_RETRY} only if the node is still away; the transaction manager's retry then finds it done.
     */
    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (!onePhase && broker.decisions().isDelivered(xid)) {
            finished(xid);
            return;
        }
        RecoveryScan.Node node = nodeOf(xid);
        try {
            call(() -> {
                node.session().commit(xid, onePhase);
                return null;
            }, XAException.XA_RETRY);
        } catch (XAException e) {
            if (onePhase || !(e instanceof ConnectionLost) || !deliverLater(xid, node, true, DELIVERY_WAIT)) {
                throw e;
            }
        }
        finished(xid);
    }

    /** Rolls back on the node of the branch; after a lost connection txmq carries the rollback itself, later. */
    @Override
    public void rollback(Xid xid) throws XAException {
        if (broker.decisions().isDelivered(xid)) {
            finished(xid);
            return;
        }
        RecoveryScan.Node node = nodeOf(xid);
        try {
            call(() -> {
                node.session().rollback(xid);
                return null;
            }, XAException.XAER_RMFAIL);
        } catch (XAException e) {
            if (e instanceof ConnectionLost) {
                deliverLater(xid, node, false, Duration.ZERO);
            }
            throw e;
        }
        finished(xid);
    }

    /**
     * Hands the decision on {@code xid} to {@link PendingDecisions}, for the node the failed call went to
     * (taken before the call: a lost connection can close the recovery scan that listed the branch);
     * whether it was carried out within {@code wait}.
     */
    private boolean deliverLater(Xid xid, RecoveryScan.Node node, boolean commit, Duration wait) {
        broker.decisions().owe(xid, node.id(), commit);
        return !wait.isZero() && broker.decisions().awaitDelivered(xid, wait);
    }

    /** Every broker node's prepared branches (see {@link RecoveryScan}). */
    @Override
    public synchronized Xid[] recover(int flag) throws XAException {
        if (recovery == null) {
            recovery = new RecoveryScan(broker);
        }
        RecoveryScan scan = recovery;
        return call(() -> scan.recover(flag), XAException.XAER_RMFAIL);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        XAResource node = nodeOf(xid).session();
        call(() -> {
            node.forget(xid);
            return null;
        }, XAException.XAER_RMFAIL);
    }

    /**
     * Where to finish {@code xid}: this session's node for its own branch; for another (recovery finishing
     * what a crash or a lost connection left), the node that listed it in the last scan. A branch the last
     * scan did not list (that scan was closed with its connection, or replaced) is looked for on every node
     * again before this session's own node is asked: in recovery, Narayana takes an {@code XAER_NOTA} on
     * commit for "committed already" and forgets the decision, so asking a node that never had the branch
     * would lose it. A node that cannot be reached makes that scan, and so the call, fail with
     * {@code XAER_RMFAIL}: the transaction manager retries.
     */
    private RecoveryScan.Node nodeOf(Xid xid) throws XAException {
        if (!xid.equals(started)) {
            RecoveryScan.Node listed = listedNodeOf(xid);
            if (listed == null) {
                recover(XAResource.TMSTARTRSCAN);
                listed = listedNodeOf(xid);
            }
            if (listed != null) {
                return listed;
            }
        }
        return own;
    }

    private RecoveryScan.Node listedNodeOf(Xid xid) {
        RecoveryScan scan;
        synchronized (this) {
            scan = recovery;
        }
        return scan == null ? null : scan.nodeOf(xid);
    }

    private void finished(Xid xid) {
        if (xid.equals(started)) {
            started = null;
        }
    }

    /** Closes the connections of the last recovery scan, if any; the session belongs to the caller. */
    @Override
    public synchronized void close() {
        if (recovery != null) {
            recovery.close();
            recovery = null;
        }
    }

    /** One XA call on the session, a lost connection reported as {@code communicationCode}. */
    private <T> T call(XaCall<T> operation, int communicationCode) throws XAException {
        try {
            return operation.call();
        } catch (XAException | RuntimeException e) {
            throw translate(e, communicationCode);
        }
    }

    @FunctionalInterface
    private interface XaCall<T> {
        T call() throws XAException;
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return sharesBranches && other instanceof BrokerXAResource broker && broker.sharesBranches && broker.own.id().equals(own.id());
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        int sent = timeoutSent;
        return sent != NOT_SENT ? sent : call(own.session()::getTransactionTimeout, XAException.XAER_RMFAIL);
    }

    /**
     * Passes the JTA timeout to the broker, where it applies to every branch the session starts
     * afterwards. The broker only ever times out a branch that is not prepared yet, so it can roll back
     * a transaction before the coordinator decides, never one the coordinator decided to commit.
     * Both the container and the transaction manager call this at every enlistment with the same
     * value; only a change costs a round trip to the broker.
     */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds == timeoutSent) {
            return true;
        }
        timeoutSent = NOT_SENT;
        boolean accepted = call(() -> own.session().setTransactionTimeout(seconds), XAException.XAER_RMFAIL);
        if (accepted) {
            timeoutSent = seconds;
        }
        return accepted;
    }

    @Override
    public String toString() {
        return "txmq broker XAResource[node=" + own.id() + "]";
    }

    /** Keeps the broker's own XA code unless the cause is a lost connection. */
    private XAException translate(Exception e, int communicationCode) {
        if (e instanceof XAException xa && !isCommunicationFailure(xa)) {
            return xa;
        }
        onFailure.run();
        return new ConnectionLost(own.id(), e, communicationCode);
    }

    /** An XA call that failed because the connection to the broker was lost (not the broker's own answer). */
    private static final class ConnectionLost extends XAException {
        private static final long serialVersionUID = 1L;

        ConnectionLost(String nodeId, Exception cause, int errorCode) {
            super("Lost the connection to the broker (node " + nodeId + "): " + cause);
            this.errorCode = errorCode;
            initCause(cause);
        }
    }

    private static boolean isCommunicationFailure(XAException e) {
        if (e.errorCode == XAException.XAER_RMFAIL) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ActiveMQException amq && isConnectionType(amq.getType())) {
                return true;
            }
        }
        return false;
    }

    /** An Xid by value: the transaction manager's Xid class and Artemis's need not be equal to each other. */
    static String keyOf(Xid xid) {
        Base64.Encoder base64 = Base64.getEncoder();
        return xid.getFormatId() + ":" + base64.encodeToString(xid.getGlobalTransactionId()) + ":"
                + base64.encodeToString(xid.getBranchQualifier());
    }

    static boolean isConnectionType(ActiveMQExceptionType type) {
        return switch (type) {
            case NOT_CONNECTED, CONNECTION_TIMEDOUT, DISCONNECTED, UNBLOCKED, SESSION_CREATION_REJECTED -> true;
            default -> false;
        };
    }
}
