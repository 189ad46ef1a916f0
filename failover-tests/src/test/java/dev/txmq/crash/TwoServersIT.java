package dev.txmq.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.txmq.api.Headers;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.TestPostgres;

/**
 * Two WildFly servers (transaction node identifiers txmq-one and txmq-two) share an Artemis HA pair and
 * the database; both place orders and both consume them. Server one is killed under load while its
 * broker commits are held (so branches of its transactions are prepared on the broker). Server two
 * keeps working, and its recovery, which lists every prepared branch on the broker, must leave server
 * one's alone: they are not its transactions to decide. Server one returns and its recovery finishes
 * them; then the crash contract holds for both servers' orders.
 *
 * <p>Then both servers consume a queue whose bean always fails: whichever server receives each retry,
 * a message gets exactly its attempts with their back-off and ends in the dead-letter queue with the
 * last failure's reason, as with one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServersIT {

    private static final int CLIENTS = 4;
    private static final Duration RESUME = Duration.ofSeconds(60);
    private static final int POISONS = 8;
    private static final long POISON_DELAY_MS = 300; // the poison consumer's redeliveryDelayMs, doubled per retry
    private static final String DEAD_POISON = "DLQ." + dev.txmq.crash.app.Order.POISON;
    private static final Path SLOW_BROKER_COMMIT = Path.of(System.getProperty("failover.rules.dir"), "slow-broker-commit.btm");

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
    @Order(1)
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
        two.finishInDoubt();
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

    @Test
    @Order(2) // after server one's restart without the rule that slows its commits
    void aFailingMessageKeepsItsBackOffCountAndReasonWhicheverServerReceivesEachRetry() throws Exception {
        String run = FailoverLoad.run("poison");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < POISONS; i++) {
            ids.add(run + "-" + i);
            WildFlyServer server = i % 2 == 0 ? one : two;
            assertThat(new OrderClient(server).answer(run + "-" + i, "&poison=true")).as("sending poison %d", i)
                    .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(204));
        }
        try (BrokerProbe broker = new BrokerProbe(pair.url())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> broker.count(DEAD_POISON) >= POISONS);
            List<ClientMessage> dead = broker.drain(DEAD_POISON);
            Map<String, List<Attempt>> attempts = attempts(run);

            SoftAssertions softly = new SoftAssertions();
            for (String id : ids) {
                List<Attempt> seen = attempts.getOrDefault(id, List.of());
                softly.assertThat(seen).as("attempts of %s", id).extracting(Attempt::attempt).containsExactly(1, 2, 3, 4);
                for (int retry = 1; retry < seen.size(); retry++) {
                    long gapMs = Duration.between(seen.get(retry - 1).at(), seen.get(retry).at()).toMillis();
                    softly.assertThat(gapMs).as("%s: delay before retry %d %s", id, retry, seen)
                            .isGreaterThanOrEqualTo(POISON_DELAY_MS << (retry - 1));
                }
            }
            long onBoth = attempts.values().stream().filter(seen -> seen.stream().map(Attempt::node).distinct().count() == 2).count();
            System.out.printf("two servers, poison: %d messages, %d with attempts on both servers, %d dead letters%n",
                    attempts.size(), onBoth, dead.size());
            softly.assertThat(onBoth).as("messages whose attempts ran on both servers (the test needs some)").isPositive();
            softly.assertThat(dead).extracting(message -> message.getStringProperty(Headers.FAILURE_REASON))
                    .as("the reason on each dead letter")
                    .allMatch(reason -> reason.matches("attempt 4 of poison " + run + "-\\d+ refused"));
            softly.assertThat(dead).extracting(message -> message.getIntProperty(Headers.DELIVERY_ATTEMPTS)).containsOnly(4);
            softly.assertThat(dead).hasSize(POISONS);
            softly.assertAll();
        }
    }

    private record Attempt(int attempt, String node, Instant at) {}

    /** The poison consumer's attempts of this run's orders, by order, in the order they were made. */
    private static Map<String, List<Attempt>> attempts(String run) throws SQLException {
        Map<String, List<Attempt>> attempts = new TreeMap<>();
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT order_id, attempt, node, at FROM crash_attempts WHERE order_id LIKE ? ORDER BY at")) {
            query.setString(1, run + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    attempts.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(new Attempt(rows.getInt(2), rows.getString(3), rows.getTimestamp(4).toInstant()));
                }
            }
        }
        return attempts;
    }

    /** The prepared branches on the active broker of the transactions of the server with node identifier {@code node}. */
    private int branchesOf(String node) throws Exception {
        String name = Arrays.toString(node.getBytes(StandardCharsets.US_ASCII)).replaceAll("[\\[\\] ]", "").replace(',', '.');
        return (int) ledger.preparedInBroker().stream().filter(xid -> xid.contains(name)).count();
    }
}
