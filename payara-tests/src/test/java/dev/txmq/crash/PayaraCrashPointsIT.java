package dev.txmq.crash;

import static dev.txmq.crash.CrashPoint.REPETITIONS;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.txmq.crash.CrashPoint.Expect;

/**
 * Kills Payara (Byteman's {@code killJVM()}) at the points of two-phase commit that can be reached
 * through the branches themselves (src/test/byteman: the PostgreSQL driver's and txmq's XAResource),
 * of one transaction that INSERTs an order and sends two messages and of one delivery, restarts it
 * without the agent (the start recovers, automatic-recovery), runs two more recovery passes and checks
 * the contract. Payara commits in registration order and txmq registers the broker last.
 *
 * <p>Each point runs {@code crash.point.repetitions} times (default 1). Four points run in every build, one
 * of each way recovery goes (both branches in doubt and rolled back; the broker's branch committed by
 * recovery; a delivery's branches in doubt and rolled back, the message delivered again; a delivery's
 * receipt and message committed by recovery); the other three with {@code -Dcrash.all.points=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraCrashPointsIT {

    private static final PayaraServer server = new PayaraServer();
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
    @EnabledIfSystemProperty(named = "crash.all.points", matches = "true")
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
    void haltAfterDatabaseCommittedDeliversTheMessages() throws Exception {
        crash("after-database-committed", Expect.COMMITTED);
    }

    @Test
    @Order(4)
    @EnabledIfSystemProperty(named = "crash.all.points", matches = "true")
    void haltInDeliveryAfterHandlerRedeliversOnce() throws Exception {
        crash("mdb-after-handler", Expect.COMMITTED);
    }

    @Test
    @Order(5)
    void haltInDeliveryAfterBrokerPreparedRollsBackAndRedelivers() throws Exception {
        crash("mdb-after-broker-prepared", Expect.COMMITTED);
    }

    @Test
    @Order(6)
    void haltInDeliveryBeforeItsReceiptCommittedCommitsAll() throws Exception {
        crash("mdb-before-receipt-committed", Expect.COMMITTED);
    }

    /** The same window as the point before it (the row committed, the one broker branch not), seen from the database. */
    @Test
    @Order(7)
    @EnabledIfSystemProperty(named = "crash.all.points", matches = "true")
    void haltInDeliveryAfterItsRowCommittedCommitsItsMessage() throws Exception {
        crash("mdb-after-database-committed", Expect.COMMITTED);
    }

    private void crash(String point, Expect expected) throws Exception {
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            // only the rule halts it (its trace line may die unflushed with it)
            Outcome outcome = CrashPoint.run(server, ledger, point, repetition, expected, "payara " + point, () -> { });

            SoftAssertions softly = new SoftAssertions();
            CrashPoint.check(outcome, expected, softly);
            softly.assertAll();
        }
    }
}
