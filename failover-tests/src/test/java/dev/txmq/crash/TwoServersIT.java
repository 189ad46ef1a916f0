package dev.txmq.crash;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two WildFly servers (transaction node identifiers txmq-one and txmq-two) share an Artemis HA pair and
 * the database; both place orders and both consume them. Server one is killed under load while its
 * broker commits are held (so branches of its transactions are prepared on the broker). Server two
 * keeps working, and its recovery, which lists every prepared branch on the broker, must leave server
 * one's alone: they are not its transactions to decide. Server one returns and its recovery finishes
 * them; then the crash contract holds for both servers' orders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoServersIT {

    private static final int CLIENTS = 4;
    private static final Duration RESUME = Duration.ofSeconds(60);
    private static final Path SLOW_BROKER_COMMIT = Path.of(System.getProperty("crash.rules.dir"), "slow-broker-commit.btm");

    private HaPair pair;
    private WildFlyServer one;
    private WildFlyServer two;
    private Ledger ledger;

    @BeforeAll
    void start() throws Exception {
        int[] ports = ArtemisBroker.ports("failover.broker.ports");
        pair = HaPair.create(Path.of(System.getProperty("failover.brokers.dir"), "two-servers"), ports[0], ports[1]);
        pair.start();
        Ledger.createTables();
        ledger = new Ledger(pair.url());
        String broker = "-Dtxmq.crash.broker.url=" + pair.url();
        one = new WildFlyServer(List.of(broker, "-Dtxmq.node.id=txmq-one"));
        two = new WildFlyServer("two", Integer.getInteger("failover.second.port.offset"), List.of(broker, "-Dtxmq.node.id=txmq-two"));
        one.installApp();
        two.installApp();
        one.startWithRule("one-slow-commit", SLOW_BROKER_COMMIT);
        two.start("two");
    }

    @AfterAll
    void stop() throws Exception {
        for (WildFlyServer server : new WildFlyServer[] {one, two}) {
            if (server != null) {
                server.stop();
            }
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aServerKilledUnderLoadKeepsItsBranchesFromTheOtherServersRecovery() throws Exception {
        String runOne = FailoverLoad.run("two-servers-one");
        String runTwo = FailoverLoad.run("two-servers-two");
        FailoverLoad loadOne = FailoverLoad.start(one, runOne, CLIENTS);
        FailoverLoad loadTwo = FailoverLoad.start(two, runTwo, CLIENTS);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3)); // server one's commits pile up, held by the rule
        long killed = System.nanoTime();
        one.kill();
        loadOne.stop();
        int heldByOne = branchesOf("txmq-one");

        Duration pause = loadTwo.awaitCommitAfter(killed, RESUME);
        two.scan();
        two.scan();
        int afterTwosRecovery = branchesOf("txmq-one");
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));

        one.start("one-recovery");
        loadTwo.stop();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(heldByOne).as("server one's branches prepared on the broker when it died (the test needs some)")
                .isPositive();
        softly.assertThat(afterTwosRecovery).as("server one's branches after two recovery passes of server two")
                .isEqualTo(heldByOne);
        String detail = String.format("SIGKILL of server one with %d branches prepared; server two's recovery left %d;"
                + " server two's first commit %d ms after the kill", heldByOne, afterTwosRecovery, pause.toMillis());
        FailoverLoad.check(one, ledger, "two-servers", runOne, detail + "; server one: " + loadOne, loadOne, softly);
        FailoverLoad.check(two, ledger, "two-servers", runTwo, detail + "; server two: " + loadTwo, loadTwo, softly);
        softly.assertAll();
    }

    /** The prepared branches on the active broker of the transactions of the server with node identifier {@code node}. */
    private int branchesOf(String node) throws Exception {
        String name = Arrays.toString(node.getBytes(StandardCharsets.US_ASCII)).replaceAll("[\\[\\] ]", "").replace(',', '.');
        return (int) ledger.preparedInBroker().stream().filter(xid -> xid.contains(name)).count();
    }
}
