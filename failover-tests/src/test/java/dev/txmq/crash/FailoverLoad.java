package dev.txmq.crash;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Clients placing orders through a server that stays up while its broker fails: each records when its
 * orders were acknowledged (HTTP 204: committed), how many failed, and the longest a request took. A
 * failed request is followed by a pause of 100 ms, as a user's retry would be.
 */
final class FailoverLoad {

    private static final Duration IN_DOUBT_WAIT = Duration.ofSeconds(30);

    /** Order id -> when its request was sent and answered ({@link System#nanoTime()}). */
    final Map<String, Request> acknowledged = new ConcurrentHashMap<>();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong longestMs = new AtomicLong();
    /** The first line of each distinct failure answer, to say why requests failed. */
    final Set<String> failures = ConcurrentHashMap.newKeySet();
    private Clients clients;

    static FailoverLoad start(CrashServer server, String run, int count) {
        FailoverLoad load = new FailoverLoad();
        OrderClient client = new OrderClient(server);
        load.clients = Clients.start(count, run, id -> load.place(client, id));
        return load;
    }

    private boolean place(OrderClient client, String id) throws InterruptedException {
        long started = System.nanoTime();
        var answer = client.answer(id);
        longestMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Math::max);
        if (answer.isEmpty()) {
            return false; // the server is gone: not what these tests do
        }
        if (answer.get().status() == 204) {
            acknowledged.put(id, new Request(started, System.nanoTime()));
        } else {
            failed.incrementAndGet();
            failures.add(answer.get().body().lines().findFirst().orElse("HTTP " + answer.get().status()));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return true;
    }

    /**
     * Waits until an order sent after {@code since} (a {@link System#nanoTime()}) is acknowledged and
     * answers how long after {@code since} that was: the pause the failure cost the load. (An order sent
     * before may have committed before the failure, whatever its answer's time.)
     */
    Duration awaitCommitAfter(long since, Duration timeout) {
        await("an order sent and committed after the failure").atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> acknowledged.values().stream().anyMatch(request -> request.sent() > since));
        long first = acknowledged.values().stream().filter(request -> request.sent() > since)
                .mapToLong(Request::answered).min().orElseThrow();
        return Duration.ofNanos(first - since);
    }

    /** How many orders sent after {@code from} were acknowledged before {@code to}. */
    int acknowledgedBetween(long from, long to) {
        return (int) acknowledged.values().stream().filter(request -> request.sent() > from && request.answered() < to).count();
    }

    record Request(long sent, long answered) {}

    void stop() throws InterruptedException {
        clients.stop();
    }

    /** Waits (at most a minute) until {@code server} commits an order: the brokers serve again after a failure. */
    static void awaitFirstCommit(CrashServer server, String where) {
        OrderClient client = new OrderClient(server);
        await("an order committed on " + where).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.place("warm-up-" + UUID.randomUUID()).orElse(0) == 204);
    }

    /** A run's name: its orders' ids start with it. */
    static String run(String scenario) {
        return scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Finishes what the failure left in doubt (two recovery passes of {@code server}, then up to 30 s for
     * the decisions txmq carries itself), then checks the
     * crash-safety contract on the run's orders ({@link Invariants}) and that every acknowledged order
     * committed; the outcome goes to target/crash-results.md under {@code table}.
     */
    static void check(CrashServer server, Ledger ledger, String table, String run, String detail, FailoverLoad load,
                      SoftAssertions softly) throws Exception {
        server.finishInDoubt();
        try { // txmq carries a decision it could not deliver itself, once the node answers (a few seconds)
            await().atMost(IN_DOUBT_WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> Ledger.preparedInDatabase().isEmpty() && ledger.preparedInBroker().isEmpty());
        } catch (ConditionTimeoutException e) {
            // Invariants.check reports what is left in doubt
        }
        Outcome outcome = Invariants.settle(ledger, run);
        outcome.record(table, detail);
        System.out.println(run + ": " + detail + " -> " + outcome);
        Invariants.check(outcome, softly);
        softly.assertThat(ledger.orders(run)).as(run + ": acknowledged orders committed").containsAll(load.acknowledged.keySet());
    }

    @Override
    public String toString() {
        return acknowledged.size() + " acknowledged, " + failed.get() + " failed, longest request " + longestMs.get() + " ms";
    }
}
