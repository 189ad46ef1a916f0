package dev.txmq.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kills Payara (Byteman's {@code killJVM()}) at the points of two-phase commit that can be reached
 * through the branches themselves (src/test/byteman: the PostgreSQL driver's and txmq's XAResource),
 * of one transaction that INSERTs an order and sends two messages and of one delivery, restarts it
 * without the agent (the start recovers, automatic-recovery), runs two more recovery passes and checks
 * the contract. Payara commits in registration order and txmq registers the broker last.
 *
 * <p>Each point runs {@code crash.point.repetitions} times (default 1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraCrashPointsIT {

    private static final Path RULES = Path.of(System.getProperty("crash.rules.dir", "src/test/byteman"));
    private static final int REPETITIONS = Integer.getInteger("crash.point.repetitions", 1);
    private static final Duration DEATH_TIMEOUT = Duration.ofSeconds(60);
    private static final PayaraServer server = new PayaraServer();
    private static final Ledger ledger = new Ledger();
    private static final OrderClient client = new OrderClient(server);

    private enum Expect { COMMITTED, ROLLED_BACK }

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
    void haltAfterDatabaseCommittedDeliversTheMessages() throws Exception {
        crash("after-database-committed", Expect.COMMITTED);
    }

    @Test
    @Order(4)
    void haltInDeliveryAfterHandlerRedeliversOnce() throws Exception {
        crash("mdb-after-handler", Expect.COMMITTED);
    }

    @Test
    @Order(5)
    void haltInDeliveryBeforeItsReceiptCommittedCommitsAll() throws Exception {
        crash("mdb-before-receipt-committed", Expect.COMMITTED);
    }

    @Test
    @Order(6)
    void haltInDeliveryAfterItsRowCommittedCommitsItsMessage() throws Exception {
        crash("mdb-after-database-committed", Expect.COMMITTED);
    }

    private void crash(String point, Expect expected) throws Exception {
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            String run = point + "-" + repetition + "-" + UUID.randomUUID().toString().substring(0, 8);
            server.startWithRule(point + "-" + repetition, RULES.resolve(point + ".btm"));
            OptionalInt answer = client.place(run);
            server.awaitDeath(DEATH_TIMEOUT); // only the rule halts it (its trace line may die unflushed with it)
            server.start(point + "-" + repetition + "-recovery");
            server.scan();
            server.scan();
            Outcome outcome = Invariants.settle(ledger, run);
            outcome.record("payara " + point, "expected " + expected + ", client "
                    + (answer.isPresent() ? "got HTTP " + answer.getAsInt() : "got no answer"));
            server.stop();

            SoftAssertions softly = new SoftAssertions();
            Invariants.check(outcome, softly);
            softly.assertThat(outcome.rows()).as("committed rows of " + run + " (expected " + expected + ")")
                    .isEqualTo(expected == Expect.COMMITTED ? 1 : 0);
            softly.assertAll();
        }
    }
}
