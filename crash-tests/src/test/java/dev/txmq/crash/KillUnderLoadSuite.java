package dev.txmq.crash;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Eight clients place orders (INSERT + 2 sends each) while the message-driven bean consumes them with a
 * row and a send of its own; the server is killed with SIGKILL at a random moment, restarted, recovered
 * (two passes) and the contract checked on every order of the round. {@code crash.repetitions} rounds
 * (default 2); every acknowledged order (HTTP 204: committed) must be there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KillUnderLoadSuite {

    private static final int CLIENTS = 8;
    private static final int REPETITIONS = Integer.getInteger("crash.repetitions", 2);
    private final CrashServer server = server();
    private final Ledger ledger = new Ledger();

    /** The server under test, one per test class. */
    abstract CrashServer server();

    @BeforeAll
    void prepare() throws Exception {
        Ledger.createTables();
        server.installApp();
        server.start("load");
    }

    @AfterAll
    void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void sigkillUnderLoadLosesAndDuplicatesNothing() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (int round = 1; round <= REPETITIONS; round++) {
            String run = "load-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            awaitFirstCommit(run);
            Load load = Load.start(new OrderClient(server), run);
            long killAfterMs = ThreadLocalRandom.current().nextLong(2000, 6000);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(killAfterMs)); // the fault's random moment
            server.kill();
            load.stop();
            server.start("load-" + round + "-recovery");
            server.finishInDoubt();
            Outcome outcome = Invariants.settle(ledger, run);
            outcome.record("kill-under-load", String.format("SIGKILL after %d ms, %d acknowledged, %d attempts",
                    killAfterMs, load.acknowledged.size(), load.attempts.get()));
            Invariants.check(outcome, softly);
            List<String> rows = ledger.orders(run);
            softly.assertThat(rows).as("round " + run + ": acknowledged orders committed").containsAll(load.acknowledged);
            softly.assertThat(load.acknowledged).as("round " + run + ": orders acknowledged before the kill").isNotEmpty();
            softly.assertThat(server.currentConsoleLines("Lost the connection to the broker"))
                    .as("recovery's broker XAResource failing on a running broker (" + server.console() + ")").isEmpty();
        }
        softly.assertAll();
    }

    /**
     * Waits until the server commits an order (not one of the round's): a server just started may hold
     * new transactions until its recovery pass has ended (Payara does, for some seconds after a crash),
     * and a round whose clients all wait for that would test nothing.
     */
    private void awaitFirstCommit(String run) {
        OrderClient client = new OrderClient(server);
        await("the first order committed after the start").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.place("warm-up-" + run + "-" + UUID.randomUUID()).orElse(0) == 204);
    }

    /** The clients: each places orders one after another until stopped or the server stops answering. */
    private static final class Load {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger attempts = new AtomicInteger();
        private Clients clients;

        static Load start(OrderClient client, String run) {
            Load load = new Load();
            load.clients = Clients.start(CLIENTS, run, id -> load.place(client, id));
            return load;
        }

        /** False once the server is gone. */
        private boolean place(OrderClient client, String id) throws InterruptedException {
            attempts.incrementAndGet();
            var answer = client.place(id);
            if (answer.isPresent() && answer.getAsInt() == 204) {
                acknowledged.add(id);
            }
            return answer.isPresent();
        }

        void stop() throws InterruptedException {
            clients.stop();
        }
    }
}
