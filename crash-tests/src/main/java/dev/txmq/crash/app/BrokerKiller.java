package dev.txmq.crash.app;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * A test resource enlisted beside txmq's branch that kills a broker process (SIGKILL, by pid) from
 * inside its own prepare or commit: the failover tests' way to lose the broker at an exact point of
 * two-phase commit. It holds nothing itself, so it prepares, commits and rolls back without effect.
 * The transaction manager prepares and commits branches in the order they were enlisted; txmq's is
 * enlisted last, from beforeCompletion (after the INSERT's).
 */
public final class BrokerKiller implements XAResource {

    /** Where the broker dies, relative to txmq's branch. */
    public enum Point {
        /** Enlisted first, killing in its prepare: txmq's branch is still active (not ended, not prepared). */
        BEFORE_END(true, false),
        /** Enlisted after txmq's branch, killing in its prepare: every branch is prepared, none committed. */
        AFTER_PREPARE(false, false),
        /** Enlisted first, killing in its commit: the decision is commit; PostgreSQL and txmq commit after it. */
        IN_COMMIT(true, true);

        private final boolean first;
        private final boolean inCommit;

        Point(boolean first, boolean inCommit) {
            this.first = first;
            this.inCommit = inCommit;
        }
    }

    private static final String[] TRANSACTION_MANAGERS = {"java:jboss/TransactionManager", "java:appserver/TransactionManager"};

    private final long pid;
    private final Point point;

    private BrokerKiller(long pid, Point point) {
        this.pid = pid;
        this.point = point;
    }

    /**
     * Runs {@code work} (the transaction's INSERT and sends) with the kill of process {@code pid}
     * arranged at {@code point}: enlisted before the work, or, for a point after txmq's branch, from a
     * synchronization registered after the work's first send, which therefore runs after txmq's.
     */
    static void around(long pid, Point point, TransactionSynchronizationRegistry registry, Runnable work) {
        BrokerKiller killer = new BrokerKiller(pid, point);
        if (point.first) {
            killer.enlist();
        }
        work.run();
        if (!point.first) {
            // txmq enlists from a synchronization that its own, registered at the first send, registers in
            // beforeCompletion; two levels registered after that one come after it
            registry.registerInterposedSynchronization(beforeCompletion(() ->
                    registry.registerInterposedSynchronization(beforeCompletion(killer::enlist))));
        }
    }

    private static Synchronization beforeCompletion(Runnable action) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
                action.run();
            }

            @Override
            public void afterCompletion(int status) {}
        };
    }

    private void enlist() {
        try {
            Transaction transaction = transactionManager().getTransaction();
            if (!transaction.enlistResource(this)) {
                throw new IllegalStateException("The transaction refused the broker killer");
            }
        } catch (RollbackException | SystemException e) {
            throw new IllegalStateException("Could not enlist the broker killer: " + e, e);
        }
    }

    private static TransactionManager transactionManager() {
        for (String name : TRANSACTION_MANAGERS) {
            try {
                return (TransactionManager) new InitialContext().lookup(name);
            } catch (NamingException e) {
                // not this server's name; try the next
            }
        }
        throw new IllegalStateException("No TransactionManager under any of " + String.join(", ", TRANSACTION_MANAGERS));
    }

    /** SIGKILL to the broker, and back once it is dead, as a crash would leave it. */
    private void kill() throws XAException {
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow(() -> failure("no process " + pid, null));
        try {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            broker.onExit().get(10, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw failure("could not kill " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while killing " + pid, e);
        }
    }

    private static XAException failure(String what, Throwable cause) {
        XAException failure = new XAException("Broker killer: " + what);
        failure.errorCode = XAException.XAER_RMERR;
        failure.initCause(cause);
        return failure;
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        if (!point.inCommit) {
            kill();
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (point.inCommit) {
            kill();
        }
    }

    @Override public void start(Xid xid, int flags) {}
    @Override public void end(Xid xid, int flags) {}
    @Override public void rollback(Xid xid) {}
    @Override public void forget(Xid xid) {}
    @Override public Xid[] recover(int flag) { return new Xid[0]; }
    @Override public boolean isSameRM(XAResource other) { return other == this; }
    @Override public int getTransactionTimeout() { return 0; }
    @Override public boolean setTransactionTimeout(int seconds) { return false; }

    @Override
    public String toString() {
        return "BrokerKiller[pid=" + pid + ", " + point + "]";
    }
}
