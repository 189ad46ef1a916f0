package dev.txmq.crash;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A server with txmq on a two-node Artemis cluster (symmetric, static connectors, ON_DEMAND load
 * balancing, redistribution at once), under load: the pool's connections and the message-driven bean's
 * sessions spread over both nodes, so every transaction's broker branch is on one of two resource
 * managers. A node is killed and returns; the server is killed while branches are prepared on both nodes.
 * After each, recovery must have finished every node's branches ({@link Invariants}). A subclass per
 * server ({@code ClusterIT} for WildFly, {@code PayaraClusterIT}) says how to make one.
 *
 * <p>Run with {@code -Pone-node-recovery} (recovery asks only the URL's first node and lost decisions are
 * left to the transaction manager, as before txmq knew the topology) the node's kill must fail: node B's
 * branches stay in doubt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterSuite {

    private static final int CLIENTS = 6;
    private static final int REPETITIONS = Integer.getInteger("failover.repetitions", 1);
    private static final Duration RESUME = Duration.ofSeconds(60);
    private static final Path SLOW_BROKER_COMMIT = Path.of(System.getProperty("failover.rules.dir"), "slow-broker-commit.btm");

    private ArtemisBroker nodeA;
    private ArtemisBroker nodeB;
    private CrashServer server;
    private Ledger ledger;

    /** A server (not started) whose adapter uses the broker at {@code brokerUrl}. */
    abstract CrashServer server(String brokerUrl) throws Exception;

    /** Whether the spread over both nodes runs too (it does on WildFly). */
    boolean runsEveryScenario() {
        return true;
    }

    @BeforeAll
    void start() throws Exception {
        int[] ports = ArtemisBroker.ports("failover.cluster.ports");
        Path directory = Path.of(System.getProperty("failover.brokers.dir"), "cluster");
        nodeA = node("node-a", directory, ports[0], ports[1]);
        nodeB = node("node-b", directory, ports[1], ports[0]);
        nodeA.startActive();
        nodeB.startActive();
        Ledger.createTables();
        ledger = new Ledger(List.of(nodeA.url(), nodeB.url()));
        server = server(ArtemisBroker.haUrl(nodeA, nodeB));
        server.installApp();
        server.start("cluster");
    }

    /** A node of a symmetric two-node cluster (static connectors, ON_DEMAND, redistribution at once). */
    static ArtemisBroker node(String name, Path directory, int port, int otherPort) throws Exception {
        ArtemisBroker node = ArtemisBroker.create(name, directory, port, List.of("--clustered", "--cluster-user", "cluster",
                "--cluster-password", "cluster", "--staticCluster", "tcp://127.0.0.1:" + otherPort,
                "--message-load-balancing", "ON_DEMAND", "--max-hops", "1"));
        // messages on a node without consumers move to one with consumers at once (Artemis's default: never)
        node.editConfiguration(xml -> xml.replace("<address-setting match=\"#\">",
                "<address-setting match=\"#\">\n            <redistribution-delay>0</redistribution-delay>"));
        return node;
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        for (ArtemisBroker node : new ArtemisBroker[] {nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    @BeforeEach
    void bothNodesUp() throws Exception {
        for (ArtemisBroker node : List.of(nodeA, nodeB)) {
            if (!node.isRunning()) {
                node.startActive();
            }
        }
        FailoverLoad.awaitFirstCommit(server, "the cluster");
    }

    @Test
    @Order(1)
    void publishingAndConsumingSpreadOverBothNodes() throws Exception {
        Assumptions.assumeTrue(runsEveryScenario(), "-Dfailover.all=true runs it on this server");
        String run = FailoverLoad.run("cluster-spread");
        FailoverLoad load = FailoverLoad.start(server, run, CLIENTS);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(4));
        load.stop();
        SoftAssertions softly = new SoftAssertions();
        for (ArtemisBroker node : List.of(nodeA, nodeB)) {
            try (NodeStatistics statistics = new NodeStatistics(node.url())) {
                softly.assertThat(statistics.messagesAdded(dev.txmq.crash.app.Order.AUDIT)).as("orders published through " + node)
                        .isPositive();
                softly.assertThat(statistics.consumerCount(dev.txmq.crash.app.Order.ORDERS)).as("consumers on " + node)
                        .isPositive();
            }
        }
        check(run, "4 s of load on both nodes; " + load, load, softly);
        softly.assertAll();
    }

    @Test
    @Order(2)
    void aKilledNodesBranchesAndMessagesAreFinishedWhenItReturns() throws Exception {
        Assumptions.assumeTrue(runsEveryScenario(), "-Dfailover.all=true runs it on this server (the server kill with"
                + " branches prepared on both nodes covers recovery across nodes)");
        SoftAssertions softly = new SoftAssertions();
        for (int round = 1; round <= REPETITIONS; round++) {
            if (round > 1) {
                bothNodesUp();
            }
            String run = FailoverLoad.run("cluster-node-kill");
            FailoverLoad load = FailoverLoad.start(server, run, CLIENTS);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1500, 4000)));
            long killed = System.nanoTime();
            nodeB.kill();
            Duration pause = load.awaitCommitAfter(killed, RESUME);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3)); // load on node A alone
            load.stop();
            nodeB.startActive();
            int inDoubtOnB = Ledger.preparedIn(nodeB.url()).size();
            check(run, String.format("SIGKILL of node B: first commit %d ms after the kill; %d branches prepared on B when it"
                    + " returned; %s", pause.toMillis(), inDoubtOnB, load), load, softly);
        }
        softly.assertAll();
    }

    @Test
    @Order(3)
    void branchesPreparedOnBothNodesWhenTheServerDiesAreFinishedByItsRecovery() throws Exception {
        String run = FailoverLoad.run("cluster-server-kill");
        server.stop();
        // every broker commit waits 5 s: the transactions of the load pile up with branches prepared on both nodes
        server.startWithRule("cluster-slow-commit", SLOW_BROKER_COMMIT);
        FailoverLoad load = FailoverLoad.start(server, run, CLIENTS);
        try { // until the held commits have left branches prepared on both nodes
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !Ledger.preparedIn(nodeA.url()).isEmpty() && !Ledger.preparedIn(nodeB.url()).isEmpty());
        } catch (ConditionTimeoutException e) {
            // asserted below, with the counts
        }
        server.kill();
        load.stop();
        int onA = Ledger.preparedIn(nodeA.url()).size();
        int onB = Ledger.preparedIn(nodeB.url()).size();
        server.start("cluster-recovery");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(onA).as("branches prepared on node A when the server died (the test needs some)").isPositive();
        softly.assertThat(onB).as("branches prepared on node B when the server died (the test needs some)").isPositive();
        check(run, String.format("SIGKILL of the server with broker commits held: %d branches in doubt on node A, %d on node B;"
                + " %s", onA, onB, load), load, softly);
        softly.assertAll();
    }

    private void check(String run, String detail, FailoverLoad load, SoftAssertions softly) throws Exception {
        FailoverLoad.check(server, ledger, "cluster", run, detail, load, softly);
    }
}
