package dev.txmq.ra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

/**
 * Commits and rollbacks of prepared branches that the transaction manager decided but txmq could not
 * pass on, because the connection to the branch's broker node was lost (a failover, a node down). txmq
 * passes them on itself, through a new connection to the same node (its backup, after a failover), as
 * soon as the node answers, and from then on answers the transaction manager's own retry of the same
 * decision with success. The decision is the transaction manager's; txmq only carries it.
 *
 * <p>Why not leave it to the transaction manager: Payara's counts a rollback that failed this way as
 * done and never retries it (a branch whose prepare reached the broker just before the connection was
 * lost stays prepared until the server restarts), and retries a commit only after 60 s, in the caller's
 * thread; Narayana retries at its next recovery pass, minutes later, while the branch holds its
 * messages. Kept in memory: after a crash the transaction manager's log and recovery take over, as
 * before. A decision not delivered within {@link #GIVE_UP} is dropped with a warning naming it.
 */
final class PendingDecisions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PendingDecisions.class.getName());
    private static final long FIRST_DELAY_MS = 200;
    private static final long MAX_DELAY_MS = 5_000;
    private static final Duration GIVE_UP = Duration.ofHours(1);
    /** How long a delivered decision is remembered for the transaction manager's retries (Payara's: 10 min). */
    private static final Duration REMEMBER = Duration.ofMinutes(30);

    private record Decision(Xid xid, String nodeId, boolean commit, Instant since, CompletableFuture<Void> done) {
        String verb() {
            return commit ? "commit" : "rollback";
        }
    }

    private final Broker broker;
    private final Map<String, Decision> pending = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet(); // each forgotten REMEMBER after delivery
    private final ScheduledExecutorService deliverer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "txmq-pending-decisions");
        thread.setDaemon(true);
        return thread;
    });
    private long delayMs = FIRST_DELAY_MS; // confined to the deliverer's thread
    private boolean scheduled; // guarded by this

    PendingDecisions(Broker broker) {
        this.broker = broker;
    }

    /** Takes over the delivery of the decision on {@code xid}, prepared on node {@code nodeId}. */
    void owe(Xid xid, String nodeId, boolean commit) {
        Decision decision = new Decision(xid, nodeId, commit, Instant.now(), new CompletableFuture<>());
        if (pending.putIfAbsent(key(xid), decision) == null) {
            LOG.warning(() -> "txmq lost the connection to broker node " + nodeId + " before it could " + decision.verb()
                    + " branch " + xid + "; it will " + decision.verb() + " it through a new connection once the node answers");
        }
        schedule(FIRST_DELAY_MS);
    }

    /**
     * Whether txmq already carried out a decision on {@code xid}: the transaction manager's retry of it is
     * done. Asked at every commit and rollback: nothing to compute unless a decision was carried lately.
     */
    boolean isDelivered(Xid xid) {
        return !delivered.isEmpty() && delivered.contains(key(xid));
    }

    /** Waits up to {@code timeout} for the decision on {@code xid} to be carried out; whether it was. */
    boolean awaitDelivered(Xid xid, Duration timeout) {
        Decision decision = pending.get(key(xid));
        if (decision == null) {
            return isDelivered(xid);
        }
        try {
            decision.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return isDelivered(xid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isDelivered(xid);
        }
    }

    private synchronized void schedule(long delay) {
        if (!scheduled && !deliverer.isShutdown()) {
            scheduled = true;
            deliverer.schedule(this::deliverAll, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void deliverAll() {
        synchronized (this) {
            scheduled = false;
        }
        Instant now = Instant.now();
        Map<String, List<Decision>> byNode = pending.values().stream().collect(Collectors.groupingBy(Decision::nodeId));
        boolean progress = false;
        for (Map.Entry<String, List<Decision>> node : byNode.entrySet()) {
            progress |= deliver(node.getKey(), node.getValue());
        }
        for (Decision decision : List.copyOf(pending.values())) {
            if (decision.since().isBefore(now.minus(GIVE_UP)) && pending.remove(key(decision.xid())) != null) {
                LOG.severe(() -> "txmq could not " + decision.verb() + " branch " + decision.xid() + " on broker node "
                        + decision.nodeId() + " for " + GIVE_UP.toMinutes() + " minutes and leaves it to the transaction"
                        + " manager's recovery: the branch stays prepared on that node until then");
            }
        }
        if (!pending.isEmpty()) {
            delayMs = progress ? FIRST_DELAY_MS : Math.min(delayMs * 2, MAX_DELAY_MS);
            schedule(delayMs);
        } else {
            delayMs = FIRST_DELAY_MS;
        }
    }

    /** Delivers the decisions of one node; whether it reached the node. */
    private boolean deliver(String nodeId, List<Decision> decisions) {
        ClientSessionFactory connection = connect(nodeId);
        if (connection == null) {
            return false;
        }
        try (ClientSession session = broker.openSession(connection, true)) {
            XAResource xa = session.getXAResource();
            for (Decision decision : decisions) {
                try {
                    if (decision.commit()) {
                        xa.commit(decision.xid(), false);
                    } else {
                        xa.rollback(decision.xid());
                    }
                    done(decision, "did");
                } catch (XAException e) {
                    if (e.errorCode == XAException.XAER_NOTA) {
                        done(decision, "found done (the broker finished it before the connection was lost, or recovery did)");
                    } else if (e.errorCode == XAException.XAER_RMFAIL) {
                        return false; // lost again: the next attempt
                    } else {
                        pending.remove(key(decision.xid()));
                        LOG.log(Level.SEVERE, "txmq could not " + decision.verb() + " branch " + decision.xid()
                                + " on broker node " + nodeId + " (XA error " + e.errorCode + ") and leaves it to the"
                                + " transaction manager's recovery", e);
                    }
                }
            }
            return true;
        } catch (RuntimeException | ActiveMQException e) {
            return false;
        } finally {
            connection.getServerLocator().close();
        }
    }

    private void done(Decision decision, String how) {
        String key = key(decision.xid());
        delivered.add(key);
        deliverer.schedule(() -> delivered.remove(key), REMEMBER.toMillis(), TimeUnit.MILLISECONDS);
        pending.remove(key);
        decision.done().complete(null);
        LOG.info(() -> "txmq " + how + " the " + decision.verb() + " of branch " + decision.xid() + " on broker node "
                + decision.nodeId() + ", " + Duration.between(decision.since(), Instant.now()).toMillis()
                + " ms after the connection was lost");
    }

    /** A connection to node {@code nodeId} (its active server, primary or backup), or null if none answers now. */
    private ClientSessionFactory connect(String nodeId) {
        List<Collection<TransportConfiguration>> candidates = new ArrayList<>();
        BrokerNodes.Node announced = broker.nodes().node(nodeId);
        if (announced != null) {
            candidates.add(announced.addresses());
        }
        broker.nodes().configured().forEach(address -> candidates.add(List.of(address)));
        for (Collection<TransportConfiguration> addresses : candidates) {
            try {
                ClientSessionFactory connection = broker.nodes().connect(addresses);
                if (nodeId.equals(broker.nodeId(connection))) {
                    return connection;
                }
                connection.getServerLocator().close(); // another node: its branches are not these
            } catch (Exception e) {
                // not answering now: the next candidate, or the next attempt
            }
        }
        return null;
    }

    @Override
    public void close() {
        deliverer.shutdownNow();
        if (!pending.isEmpty()) {
            LOG.warning(() -> "txmq stops with " + pending.size() + " broker decision(s) not delivered ("
                    + pending.values().stream().map(d -> d.verb() + " " + d.xid()).collect(Collectors.joining(", "))
                    + "); the transaction manager's recovery finishes them");
        }
    }

    private static String key(Xid xid) {
        return BrokerXAResource.keyOf(xid);
    }
}
