package dev.txmq.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.txmq.crash.app.BrokerKiller;

/**
 * A server with txmq on an Artemis HA pair (shared store), under load: clients place orders (INSERT + 2
 * sends) while the message-driven bean consumes them (a row + a send). The active broker is killed at
 * random moments and at each point of two-phase commit, stopped in order, and frozen; after each, the
 * crash-safety contract holds for every order of the round ({@link Invariants}: every committed row has
 * exactly its messages and consumer row, nothing exists for rolled-back work, nothing is in doubt), and
 * the load went on by itself. One server and one pair serve the class; each test starts from the pair
 * with its primary active and its backup ready. A subclass per server ({@code HaFailoverIT} for WildFly,
 * {@code PayaraHaFailoverIT}) says how to make one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HaFailoverSuite {

    private static final int CLIENTS = 6;
    private static final int REPETITIONS = Integer.getInteger("failover.repetitions", 1);
    private static final Duration RESUME = Duration.ofSeconds(60);
    /** The servers' transaction timeout in these tests (WildFly: failover.cli). */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

    private HaPair pair;
    private CrashServer server;
    private Ledger ledger;

    /** A server (not started) whose adapter uses the broker at {@code brokerUrl}. */
    abstract CrashServer server(String brokerUrl) throws Exception;

    /** Whether the kill in commit, the orderly failover and the frozen broker run too (they do on WildFly). */
    boolean runsEveryScenario() {
        return true;
    }

    @BeforeAll
    void start() throws Exception {
        int[] ports = ArtemisBroker.ports("failover.broker.ports");
        pair = HaPair.create(Path.of(System.getProperty("failover.brokers.dir")), ports[0], ports[1]);
        pair.start();
        Ledger.createTables();
        ledger = new Ledger(pair.url());
        server = server(pair.url());
        server.installApp();
        server.start("failover");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void primaryActiveBackupReady() throws Exception {
        if (!pair.primary.isActive() || !pair.backup.isRunning()) {
            pair.restart();
        }
        FailoverLoad.awaitFirstCommit(server, "the restored pair");
    }

    @Test
    @Order(1)
    void killingTheActiveBrokerUnderLoadLosesAndDuplicatesNothing() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (int round = 1; round <= REPETITIONS; round++) {
            if (round > 1) {
                primaryActiveBackupReady();
            }
            String run = FailoverLoad.run("ha-kill-" + round);
            FailoverLoad load = FailoverLoad.start(server, run, CLIENTS);
            long killAfterMs = ThreadLocalRandom.current().nextLong(1500, 4000);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(killAfterMs)); // the fault's random moment
            long killed = System.nanoTime();
            pair.active().kill();
            pair.awaitBackupActive();
            Duration pause = load.awaitCommitAfter(killed, RESUME);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // load on the backup
            load.stop();
            check(run, String.format("SIGKILL of the active broker after %d ms: first commit %d ms after the kill; %s",
                    killAfterMs, pause.toMillis(), load), load, softly);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @EnumSource(BrokerKiller.Point.class)
    @Order(2)
    void killingTheBrokerAtAPointOfTwoPhaseCommitLeavesTheDecisionWhole(BrokerKiller.Point point) throws Exception {
        Assumptions.assumeTrue(point != BrokerKiller.Point.IN_COMMIT || runsEveryScenario(),
                "-Dfailover.all=true runs it on this server (after prepare covers the same recovery path)");
        SoftAssertions softly = new SoftAssertions();
        for (int round = 1; round <= REPETITIONS; round++) {
            if (round > 1) {
                primaryActiveBackupReady();
            }
            String run = FailoverLoad.run("ha-point-" + point);
            FailoverLoad load = FailoverLoad.start(server, run, CLIENTS / 2);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            String order = run + "-killer";
            long killed = System.nanoTime();
            var answer = new OrderClient(server).answer(order, "&kill=" + pair.active().pid() + "&at=" + point).orElseThrow();
            pair.awaitBackupActive();
            Duration pause = load.awaitCommitAfter(killed, RESUME);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            load.stop();
            check(run, String.format("SIGKILL %s: order answered %d, first commit %d ms after; %s", point, answer.status(),
                    pause.toMillis(), load), load, softly);
            boolean committed = ledger.orders(order).contains(order);
            softly.assertThat(committed).as("order killed " + point + " committed (answer %d: %s)", answer.status(),
                    answer.body()).isEqualTo(point != BrokerKiller.Point.BEFORE_END);
        }
        softly.assertAll();
    }

    @Test
    @Order(3)
    void anOrderlyFailoverAndFailbackUnderLoadLoseAndDuplicateNothing() throws Exception {
        Assumptions.assumeTrue(runsEveryScenario(), "-Dfailover.all=true runs it on this server");
        String run = FailoverLoad.run("ha-graceful");
        FailoverLoad load = FailoverLoad.start(server, run, CLIENTS);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        long stopped = System.nanoTime();
        pair.primary.stop();
        pair.awaitBackupActive();
        Duration failover = load.awaitCommitAfter(stopped, RESUME);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        long restarted = System.nanoTime();
        pair.restore(); // the primary returns; the backup hands back to it
        Duration failback = load.awaitCommitAfter(restarted, RESUME);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        load.stop();
        SoftAssertions softly = new SoftAssertions();
        check(run, String.format("SIGTERM of the primary, then its restart: first commit %d ms after the stop, %d ms"
                + " after the restart began; %s", failover.toMillis(), failback.toMillis(), load), load, softly);
        softly.assertAll();
    }

    @Test
    @Order(4)
    void aFrozenPrimaryIsNotReplacedAndRequestsFailWithinTheTransactionTimeout() throws Exception {
        Assumptions.assumeTrue(runsEveryScenario(), "-Dfailover.all=true runs it on this server");
        String run = FailoverLoad.run("ha-frozen");
        FailoverLoad load = FailoverLoad.start(server, run, CLIENTS);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        pair.primary.freeze();
        long frozen = System.nanoTime();
        boolean backupTookOver = false;
        while (System.nanoTime() - frozen < TimeUnit.SECONDS.toNanos(10)) {
            backupTookOver |= pair.backup.isActive();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        long thawed = System.nanoTime();
        int committedWhileFrozen = load.acknowledgedBetween(frozen, thawed);
        pair.primary.thaw();
        Duration resumed = load.awaitCommitAfter(thawed, RESUME);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        load.stop();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(backupTookOver).as("the backup took over while the frozen primary held the journal's lock").isFalse();
        softly.assertThat(committedWhileFrozen).as("orders committed while the only broker was frozen").isZero();
        softly.assertThat(load.failed.get()).as("requests that failed while the broker was frozen").isPositive();
        softly.assertThat(load.longestMs.get()).as("the longest request (%s)", load.failures)
                .isLessThan(TRANSACTION_TIMEOUT.toMillis());
        check(run, String.format("SIGSTOP of the primary for 10 s: first commit %d ms after SIGCONT; %s",
                resumed.toMillis(), load), load, softly);
        softly.assertAll();
    }

    private void check(String run, String detail, FailoverLoad load, SoftAssertions softly) throws Exception {
        FailoverLoad.check(server, ledger, "ha-pair", run, detail, load, softly);
        softly.assertThat(load.acknowledged).as(run + ": orders acknowledged").isNotEmpty();
    }
}
