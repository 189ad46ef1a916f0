package dev.txmq.crash;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.txmq.api.BrokerUnavailableException;

/**
 * txmq.rar pointed at an external Artemis broker (run by this test, on its own journal) that goes away
 * under load and comes back. Eight clients place orders (INSERT + 2 sends each) while the message-driven
 * bean consumes them (a row and a send); the broker is stopped for {@value #OUTAGE_MS} ms (longer if no order
 * has failed by then) and started again on the same journal. No order is acknowledged while it is down;
 * every order answered then fails with txmq's BrokerUnavailableException naming the broker; no failed order
 * leaves a row or a message; once the broker is back, new orders commit and are consumed with no restart or
 * redeployment; every acknowledged order has its row and exactly its messages; nothing stays in doubt.
 *
 * <p>WildFly is started with {@code -Dtxmq.crash.broker.url}, which the adapter's brokerUrl (an expression,
 * src/test/wildfly/broker-url.cli) resolves to; the other tests start it without, so they keep the embedded broker.
 */
class BrokerOutageIT {

    private static final int CLIENTS = 8;
    private static final long OUTAGE_MS = 5000;
    private static final int ORDERS_PER_PHASE = 100;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(30);
    private static final String BROKER_URL = System.getProperty("crash.broker.url", "tcp://127.0.0.1:61927");
    private static final String UNAVAILABLE = BrokerUnavailableException.class.getName();
    private static final Path JOURNAL = Path.of(System.getProperty("crash.config.dir")).resolveSibling("outage-broker");
    private static final WildFlyServer server = new WildFlyServer(List.of("-Dtxmq.crash.broker.url=" + BROKER_URL));
    private static final Ledger ledger = new Ledger(BROKER_URL);
    private static ExternalBroker broker;

    @BeforeAll
    static void prepare() throws Exception {
        deleteJournal();
        broker = new ExternalBroker(BROKER_URL, JOURNAL);
        broker.start();
        Ledger.createTables();
        server.installApp();
        server.installConsole();
        server.start("broker-outage");
    }

    @AfterAll
    static void stopServers() throws Exception {
        server.stop();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void ordersFailCleanlyWhileTheBrokerIsDownAndResumeByThemselves() throws Exception {
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        Readiness readiness = Readiness.watch(server.readinessUri());
        long watching = System.nanoTime();
        Load load = Load.start(new OrderClient(server), run);
        await("orders acknowledged before the outage").atMost(PHASE_TIMEOUT)
                .until(() -> load.acknowledged(attempt -> true).count() >= ORDERS_PER_PHASE);
        Outage outage = Outage.of(broker, load);
        Predicate<Attempt> newOrder = outage::placedOnceUp;
        await("a new order acknowledged after the broker came back").atMost(PHASE_TIMEOUT)
                .until(() -> load.acknowledged(newOrder).findAny().isPresent());
        long publishedMs = ms(load.acknowledged(newOrder).mapToLong(Attempt::endedNanos).min().orElseThrow() - outage.up());
        await("a new order consumed by the message-driven bean after the broker came back").atMost(PHASE_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> load.acknowledged(newOrder).map(Attempt::id).anyMatch(ledger.consumed(run).keySet()::contains));
        long consumedMs = ms(System.nanoTime() - outage.up());
        await("orders acknowledged after the outage").atMost(PHASE_TIMEOUT)
                .until(() -> load.acknowledged(newOrder).count() >= ORDERS_PER_PHASE);
        load.stop();
        await("readiness UP again after the broker came back").atMost(PHASE_TIMEOUT)
                .until(() -> readiness.first(outage.up(), 200).isPresent());
        readiness.close();
        long downMs = ms(readiness.first(outage.down(), 503).orElse(outage.restarting()) - outage.down());
        long upMs = ms(readiness.first(outage.up(), 200).orElseThrow() - outage.up());
        server.finishInDoubt();
        Outcome outcome = Invariants.settle(ledger, run);
        record(outcome, load, outage, String.format("first new order acknowledged %d ms, consumed %d ms after the broker"
                + " was back; readiness DOWN %d ms after the stop, UP %d ms after the start", publishedMs, consumedMs, downMs, upMs));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(readiness.first(watching, 200)).as("readiness UP before the outage").isPresent();
        softly.assertThat(readiness.first(outage.down(), 503).stream().filter(at -> at < outage.restarting()).findAny())
                .as("readiness DOWN (503) while the broker was down").isPresent();
        softly.assertThat(downMs).as("ms from the broker's stop to readiness DOWN").isLessThan(5000);
        Invariants.check(outcome, softly); // no orphans: a message or consumer row exists only with its committed row
        List<String> rows = ledger.orders(run);
        softly.assertThat(rows).as("acknowledged orders committed")
                .containsAll(load.acknowledged(attempt -> true).map(Attempt::id).toList());
        Set<String> failed = load.failed(attempt -> true).map(Attempt::id).collect(Collectors.toSet());
        softly.assertThat(rows).as("failed orders committed (a partial transaction)").noneMatch(failed::contains);
        softly.assertThat(load.acknowledged(outage::placedWhileDown).map(Attempt::id).toList())
                .as("orders placed and acknowledged while the broker was down").isEmpty();
        softly.assertThat(load.failed(outage::answeredWhileDown).count()).as("orders failed while the broker was down")
                .isPositive();
        softly.assertThat(load.failed(outage::answeredWhileDown).map(Attempt::reason)
                .filter(reason -> !reason.startsWith(UNAVAILABLE) || !reason.contains(BROKER_URL)).distinct().toList())
                .as("failures while the broker was down without a " + UNAVAILABLE + " naming " + BROKER_URL).isEmpty();
        softly.assertAll();
    }

    /** The figures of the run, in target/crash-results.md; the reasons of the failures, on the test's output. */
    private static void record(Outcome outcome, Load load, Outage outage, String resumed) throws Exception {
        Map<String, Predicate<Attempt>> phases = outage.phases();
        String answers = phases.entrySet().stream().map(phase -> phase.getKey() + " " + load.acknowledged(phase.getValue())
                .count() + " + " + load.failed(phase.getValue()).count()).collect(Collectors.joining(", "));
        LongSummaryStatistics waits = load.failed(outage::answeredWhileDown)
                .mapToLong(attempt -> ms(attempt.endedNanos() - attempt.startedNanos())).summaryStatistics();
        outcome.record("broker-outage", String.format("%s; answered (acknowledged + failed): %s; failures while down"
                + " answered %d-%d ms after they were placed; %s; failure while down: %s", outage, answers,
                waits.getCount() == 0 ? 0 : waits.getMin(), waits.getMax(), resumed,
                load.failed(outage::answeredWhileDown).map(Attempt::reason).findFirst().orElse("none")));
        phases.forEach((name, phase) -> load.failed(phase).collect(Collectors.groupingBy(Attempt::reason, Collectors.counting()))
                .forEach((reason, count) -> System.out.printf("failed %s: %d x %s%n", name, count, reason)));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void deleteJournal() throws Exception {
        if (Files.exists(JOURNAL)) {
            try (Stream<Path> files = Files.walk(JOURNAL)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** When the broker was told to stop, had stopped, was told to start, had started ({@link System#nanoTime}). */
    private record Outage(long stopping, long down, long restarting, long up) {

        /**
         * Stops the broker and starts it again after {@value BrokerOutageIT#OUTAGE_MS} ms, or later, once an order
         * has failed with it down (a safety net: with txmq's fail-fast connects, orders fail within milliseconds).
         */
        static Outage of(ExternalBroker broker, Load load) throws Exception {
            long stopping = System.nanoTime();
            broker.stop();
            long down = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(OUTAGE_MS)); // the outage
            try {
                await().atMost(PHASE_TIMEOUT)
                        .until(() -> load.failed(attempt -> attempt.endedNanos() >= down).findAny().isPresent());
            } catch (ConditionTimeoutException e) {
                // no order failed while the broker was down: the test's assertions report it, with the rest
            }
            long restarting = System.nanoTime();
            broker.start();
            return new Outage(stopping, down, restarting, System.nanoTime());
        }

        /** Answers by when they came. */
        Map<String, Predicate<Attempt>> phases() {
            Map<String, Predicate<Attempt>> phases = new LinkedHashMap<>();
            phases.put("before the stop", attempt -> attempt.endedNanos() < stopping);
            phases.put("while stopping", attempt -> attempt.endedNanos() >= stopping && attempt.endedNanos() < down);
            phases.put("while down", this::answeredWhileDown);
            phases.put("after", attempt -> attempt.endedNanos() >= restarting);
            return phases;
        }

        boolean answeredWhileDown(Attempt attempt) {
            return attempt.endedNanos() >= down && attempt.endedNanos() < restarting;
        }

        boolean placedWhileDown(Attempt attempt) {
            return attempt.startedNanos() >= down && answeredWhileDown(attempt);
        }

        boolean placedOnceUp(Attempt attempt) {
            return attempt.startedNanos() >= up;
        }

        @Override
        public String toString() {
            return String.format("broker stopped in %d ms, down %d ms, started in %d ms", ms(down - stopping),
                    ms(restarting - down), ms(up - restarting));
        }
    }

    /** One order placed: when, and how it was answered (status 0: no answer). */
    private record Attempt(String id, long startedNanos, long endedNanos, int status, String body) {

        boolean acknowledged() {
            return status == 204;
        }

        /** The line of a 500's body naming txmq's exception (the servlet writes one line per cause), or all of it. */
        String reason() {
            return body.lines().filter(line -> line.startsWith("dev.txmq.")).findFirst()
                    .orElse(status == 0 ? "no answer" : "HTTP " + status + ": " + body.strip());
        }
    }

    /** The clients: each places orders one after another, whatever the answers, until stopped. */
    private static final class Load {
        private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        private Clients clients;

        static Load start(OrderClient client, String run) {
            Load load = new Load();
            load.clients = Clients.start(CLIENTS, run, id -> load.place(client, id));
            return load;
        }

        private boolean place(OrderClient client, String id) throws InterruptedException {
            long started = System.nanoTime();
            Optional<OrderClient.Answer> answer = client.answer(id);
            attempts.add(new Attempt(id, started, System.nanoTime(), answer.map(OrderClient.Answer::status).orElse(0),
                    answer.map(OrderClient.Answer::body).orElse("")));
            return true;
        }

        Stream<Attempt> acknowledged(Predicate<Attempt> phase) {
            return attempts.stream().filter(phase).filter(Attempt::acknowledged);
        }

        Stream<Attempt> failed(Predicate<Attempt> phase) {
            return attempts.stream().filter(phase).filter(attempt -> !attempt.acknowledged());
        }

        void stop() throws InterruptedException {
            clients.stop();
        }
    }
}
