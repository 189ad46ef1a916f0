package dev.txmq.crash;

import static dev.txmq.crash.CrashPoint.REPETITIONS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.txmq.crash.CrashPoint.Expect;

/**
 * Kills WildFly (Byteman's {@code killJVM()}, i.e. {@code Runtime.halt}) at each point of two-phase
 * commit of one transaction that INSERTs an order and sends two messages, restarts it without the agent,
 * runs two recovery passes and checks the contract. Narayana commits in enlistment order and txmq
 * enlists the broker last, so the database commits first: the window "broker committed, database not"
 * does not exist; its mirror image, "database committed, broker not", is tested instead.
 *
 * <p>Each point runs {@code crash.point.repetitions} times (default 1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashPointsIT {

    private static final WildFlyServer server = new WildFlyServer();
    private static final Ledger ledger = new Ledger();

    @BeforeAll
    static void prepare() throws Exception {
        Ledger.createTables();
        server.installApp();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Test
    @Order(1)
    void haltAfterDatabasePreparedRollsBackEverything() throws Exception {
        crash("after-database-prepared", Expect.ROLLED_BACK);
    }

    @Test
    @Order(2)
    void haltAfterBrokerPreparedRollsBackBothInDoubtBranches() throws Exception {
        crash("after-broker-prepared", Expect.ROLLED_BACK);
    }

    @Test
    @Order(3)
    void haltAfterCoordinatorLogWriteCommitsBoth() throws Exception {
        crash("after-log-write", Expect.COMMITTED);
    }

    @Test
    @Order(4)
    void haltAfterDatabaseCommittedDeliversTheMessages() throws Exception {
        crash("after-database-committed", Expect.COMMITTED);
    }

    @Test
    @Order(5)
    void haltAfterBrokerCommittedLeavesNothingInDoubt() throws Exception {
        crash("after-broker-committed", Expect.COMMITTED);
    }

    @Test
    @Order(6)
    void haltInDeliveryAfterHandlerRedeliversOnce() throws Exception {
        crash("mdb-after-handler", Expect.COMMITTED);
    }

    @Test
    @Order(7)
    void haltInDeliveryAfterLogWriteCommitsReceiptRowAndMessage() throws Exception {
        crash("mdb-after-log-write", Expect.COMMITTED);
    }

    @Test
    @Order(8)
    void haltInDeliveryAfterBrokerPreparedRollsBackAndRedelivers() throws Exception {
        crash("mdb-after-broker-prepared", Expect.COMMITTED);
    }

    private void crash(String point, Expect expected) throws Exception {
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            Outcome outcome = CrashPoint.run(server, ledger, point, repetition, expected, point, () ->
                    assertThat(server.currentConsoleLines("txmq-crash: halting")).as("the rule fired (" + server.console() + ")")
                            .hasSize(1));

            SoftAssertions softly = new SoftAssertions();
            CrashPoint.check(outcome, expected, softly);
            softly.assertThat(server.currentConsoleLines("Lost the connection to the broker"))
                    .as("recovery's broker XAResource failing on a running broker (" + server.console() + ")").isEmpty();
            if (!point.equals("after-broker-committed")) {
                // there, both branches had committed before the crash: no resource lists them any more, and
                // Narayana warns ARJUNA016037 for PostgreSQL and the broker alike before it forgets the log
                softly.assertThat(txmqLines(server.consoleLinesSinceReady("ARJUNA016037")))
                        .as("'could not find XAResource' for a txmq branch (" + server.console() + ")").isEmpty();
            }
            softly.assertAll();
        }
    }

    private static List<String> txmqLines(List<String> lines) {
        return lines.stream().filter(line -> line.contains("txmq/PublisherFactory") || line.contains("txmq broker")).toList();
    }
}
