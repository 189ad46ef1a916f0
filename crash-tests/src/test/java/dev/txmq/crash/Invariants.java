package dev.txmq.crash;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The crash-safety contract (DESIGN.md, guarantee 4) checked on the orders of one run after recovery:
 * every committed order has exactly one audit message, one consumer row and one shipped message; no
 * message or consumer row exists without its committed order; nothing is in doubt in PostgreSQL or
 * the broker.
 */
final class Invariants {

    private static final Duration SETTLE = Duration.ofSeconds(45);

    private Invariants() {}

    /**
     * Waits (at most {@link #SETTLE}) for the consumer to catch up with the committed orders, then reads
     * the outcome. Waiting ends early only when the state is complete, so a lost message costs the wait.
     */
    static Outcome settle(Ledger ledger, String run) throws Exception {
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(300)).until(() -> {
                ledger.drainMessages();
                return ledger.pendingOrders() == 0 && complete(ledger, run);
            });
        } catch (ConditionTimeoutException e) {
            // reported by check(), with what is missing
        }
        ledger.drainMessages();
        return read(ledger, run);
    }

    private static boolean complete(Ledger ledger, String run) throws Exception {
        Set<String> orders = new HashSet<>(ledger.orders(run));
        return ledger.consumed(run).keySet().containsAll(orders) && ledger.audit(run).keySet().containsAll(orders)
                && ledger.shipped(run).keySet().containsAll(orders);
    }

    private static Outcome read(Ledger ledger, String run) throws Exception {
        List<String> orders = ledger.orders(run);
        Map<String, Integer> audit = ledger.audit(run);
        Map<String, Integer> consumed = ledger.consumed(run);
        Map<String, Integer> shipped = ledger.shipped(run);
        List<String> duplicates = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        for (var kind : Map.of("audit message", audit, "consumer row", consumed, "shipped message", shipped).entrySet()) {
            kind.getValue().forEach((id, n) -> {
                if (n > 1) {
                    duplicates.add(n + " x " + kind.getKey() + " of " + id);
                }
                if (!orders.contains(id)) {
                    orphans.add(kind.getKey() + " of " + id + " without its committed row");
                }
            });
            orders.stream().filter(id -> !kind.getValue().containsKey(id))
                    .forEach(id -> missing.add("no " + kind.getKey() + " for committed order " + id));
        }
        return new Outcome(run, orders.size(), sum(audit), sum(consumed), sum(shipped), Ledger.preparedInDatabase(),
                ledger.preparedInBroker(), duplicates, missing, orphans);
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Asserts the contract on {@code outcome}, every part of it (soft assertions, one report). */
    static void check(Outcome outcome, SoftAssertions softly) {
        softly.assertThat(outcome.missing()).as("committed orders missing a message or a consumer row").isEmpty();
        softly.assertThat(outcome.orphans()).as("messages or consumer rows without their committed order").isEmpty();
        softly.assertThat(outcome.duplicates()).as("duplicates").isEmpty();
        softly.assertThat(outcome.databaseInDoubt()).as("PostgreSQL branches left in doubt (pg_prepared_xacts)").isEmpty();
        softly.assertThat(outcome.brokerInDoubt()).as("broker branches left in doubt (XA recover)").isEmpty();
    }
}
