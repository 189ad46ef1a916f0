package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static dev.txmq.testing.TxmqAssertions.assertThatDeadLetters;
import static dev.txmq.testing.TxmqAssertions.assertThatQueue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.txmq.api.Headers;
import dev.txmq.api.InvalidSelectionException;
import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.QueueStatistics;
import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;
import dev.txmq.api.ReplayResult;
import dev.txmq.api.Selection;
import dev.txmq.api.UnknownQueueException;
import dev.txmq.ra.admin.TxmqQueues;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.DeadLetters;
import dev.txmq.testing.TxmqTesting;

/** The operations API on the embedded broker: statistics, browsing, exact triage, replay and purge. */
class QueuesIT extends EmbeddedAdapterTest {

    private static final String SQL = "java.sql.SQLTransientException";
    private static final String TIMEOUT = "java.util.concurrent.TimeoutException";
    private static final String STATE = "java.lang.IllegalStateException";

    private static Queues queues;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String orders = "orders-" + run;
    private final String dlq = "DLQ." + orders;
    private final List<AutoCloseable> activations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void bind() throws Exception {
        TxmqQueues bound = new TxmqQueues();
        bound.setResourceAdapter(txmq.adapter());
        queues = bound;
    }

    @AfterEach
    void undeploy() throws Exception {
        for (AutoCloseable activation : activations) {
            activation.close();
        }
    }

    @Test
    void statisticsCountReadyScheduledAndDeadMessagesAndAgeByTheBrokersClock() throws Exception {
        txmq.factory().createPublisher().send(OutgoingMessage.to(orders).body("ready").build());
        txmq.factory().createPublisher().send(OutgoingMessage.to(orders).body("later").deliverAfter(Duration.ofMinutes(5)).build());
        try (DeadLetters dead = new DeadLetters(txmq.acceptorUrl())) {
            dead.add(dlq, orders, SQL, Instant.now(), "{}");
        }

        QueueStatistics stats = queues.statistics(orders);

        assertThat(stats.queue()).isEqualTo(orders);
        assertThat(stats.messages()).isEqualTo(2);
        assertThat(stats.scheduled()).isEqualTo(1);
        assertThat(stats.delivering()).isZero();
        assertThat(stats.consumers()).isZero();
        assertThat(stats.added()).isEqualTo(2);
        assertThat(stats.acknowledged()).isZero();
        assertThat(stats.deadLetters()).isEqualTo(1);
        assertThat(stats.oldestMessageAge()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
        assertThat(queues.statistics()).extracting(QueueStatistics::queue).contains(orders, dlq)
                .noneMatch(name -> name.startsWith("DLQ.DLQ.") || name.startsWith("activemq."));
    }

    @Test
    void theOldestMessagesAgeCountsFromWhenTheBrokerReceivedItNotFromTheSendersClock() throws Exception {
        txmq.adapter().broker().ensureQueue(orders);
        try (DeadLetters dead = new DeadLetters(txmq.acceptorUrl())) {
            dead.add(dlq, orders, SQL, Instant.now().minus(Duration.ofHours(5)), "{}");
        }
        // the dead letter's own timestamp is now; failed-at says 5 h ago: the age follows the broker
        assertThat(queues.statistics(dlq).oldestMessageAge()).isLessThan(Duration.ofMinutes(1));
        assertThat(queues.statistics(dlq).deadLetters()).isZero();
    }

    @Test
    void browsingPagesThroughAQueueOldestFirstWithoutConsuming() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(txmq.factory().createPublisher().send(OutgoingMessage.to(orders).body(Map.of("n", i))
                    .header("tenant", "acme").correlationId("order-" + i).build()));
        }

        List<QueuedMessage> page = queues.browse(orders, 10, 10);

        assertThat(page).extracting(QueuedMessage::id).containsExactlyElementsOf(ids.subList(10, 20));
        QueuedMessage first = page.get(0);
        assertThat(first.queue()).isEqualTo(orders);
        assertThat(first.correlationId()).isEqualTo("order-10");
        assertThat(first.headers()).containsEntry("tenant", "acme").doesNotContainKey(MessageProperties.ID);
        assertThat(first.bodyText()).isEqualTo("{\"n\":10}");
        assertThat(first.sentAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(queues.browse(orders, 20, 1000)).hasSize(5);
        assertThat(queues.statistics(orders).messages()).isEqualTo(25);
    }

    @Test
    void failureCountsAreExactOverAQueueFarLongerThanTheBrokersBrowsePage() throws Exception {
        fill(1000);

        assertThat(queues.failureCounts(dlq)).containsExactly(Map.entry(SQL, 500L), Map.entry(TIMEOUT, 300L),
                Map.entry(STATE, 200L));
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        assertThat(queues.failuresByHour(dlq)).containsExactly(Map.entry(hour.minus(2, ChronoUnit.HOURS), 500L),
                Map.entry(hour, 500L));
    }

    @Test
    void aDryRunCountsWhatAReplayWouldMoveAndMovesNothing() throws Exception {
        fill(1000);

        ReplayResult result = queues.replay(Selection.of(dlq).exception(TIMEOUT).dryRun());

        assertThat(result).isEqualTo(new ReplayResult(300, 0, 0));
        assertThat(queues.statistics(dlq).messages()).isEqualTo(1000);
        assertThat(queues.purge(Selection.of(dlq).exception(STATE).dryRun())).isEqualTo(200);
        assertThat(queues.statistics(dlq).messages()).isEqualTo(1000);
    }

    @Test
    void replayingOneExceptionClassMovesExactlyThoseBackWithTheirIdsAndACounter() throws Exception {
        Map<String, String> byId = fill(1000);

        ReplayResult result = queues.replay(Selection.of(dlq).exception(TIMEOUT));

        assertThat(result).isEqualTo(new ReplayResult(300, 300, 0));
        assertThat(queues.failureCounts(dlq)).containsExactly(Map.entry(SQL, 500L), Map.entry(STATE, 200L));
        List<QueuedMessage> back = queues.browse(orders, 0, 1000);
        assertThat(back).hasSize(300).allSatisfy(message -> {
            assertThat(byId).containsEntry(message.id(), TIMEOUT);
            assertThat(message.headers()).containsEntry(Headers.REPLAY_COUNT, "1")
                    .doesNotContainKeys(Headers.FAILURE_EXCEPTION, Headers.FAILURE_REASON, Headers.ORIGINAL_QUEUE);
        });
        assertThat(back).extracting(QueuedMessage::id).doesNotHaveDuplicates();
    }

    /** -Dtxmq.test.replay.messages=10000 for the figure in the README (default 2000). */
    @Test
    void aLargeReplayMovesEveryDeadLetterOnceAndSaysHowLongItTook() throws Exception {
        int count = Integer.getInteger("txmq.test.replay.messages", 2000);
        Map<String, String> byId = fill(count);

        long started = System.nanoTime();
        ReplayResult result = queues.replay(Selection.of(dlq));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("replayed %d dead letters in %d ms (%.0f per second)%n", result.moved(), tookMs,
                result.moved() * 1000.0 / tookMs);
        assertThat(result).isEqualTo(new ReplayResult(count, count, 0));
        assertThatQueue(queues, dlq).isEmpty();
        assertThat(queues.statistics(orders).messages()).isEqualTo(count);
        List<String> back = new ArrayList<>();
        for (int offset = 0; offset < count; offset += 1000) {
            queues.browse(orders, offset, 1000).forEach(message -> back.add(message.id()));
        }
        assertThat(back).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(byId.keySet());
    }

    @Test
    void selectionsByIdTimeWindowFilterAndLimitTakeExactlyWhatTheyName() throws Exception {
        Map<String, String> byId = fill(100);
        List<String> two = byId.entrySet().stream().filter(e -> e.getValue().equals(STATE)).limit(2).map(Map.Entry::getKey).toList();
        Instant now = Instant.now();

        assertThat(queues.replay(Selection.of(dlq).ids(two).dryRun()).matched()).isEqualTo(2);
        assertThat(queues.replay(Selection.of(dlq).failedBetween(now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(1)))
                .dryRun()).matched()).isEqualTo(50);
        assertThat(queues.replay(Selection.of(dlq).where("txmqFailureException = '" + STATE + "'").dryRun()).matched())
                .isEqualTo(20);
        assertThat(queues.replay(Selection.of(dlq).exception(SQL).limit(7)).moved()).isEqualTo(7);
        assertThat(queues.statistics(orders).messages()).isEqualTo(7);
        assertThat(queues.purge(Selection.of(dlq).ids(two.get(0)))).isEqualTo(1);
        assertThat(queues.statistics(dlq).messages()).isEqualTo(92);
        assertThat(queues.purge(Selection.of(dlq))).isEqualTo(92);
        assertThat(queues.statistics(dlq).messages()).isZero();
    }

    /**
     * A replayed message that fails again is dead-lettered again (its copies carry the replay round
     * in their duplicate ids, or the broker would drop the second dead letter as a duplicate of the
     * first), and after maxReplays (3) rounds it stays in the dead-letter queue unless forced.
     */
    @Test
    void aPoisonMessageReturnsToItsDeadLetterQueueAndStopsAtTheReplayCapUnlessForced() throws Exception {
        List<Integer> replays = new CopyOnWriteArrayList<>();
        activations.add(txmq.consume(orders, message -> {
            replays.add(Integer.parseInt(message.header(Headers.REPLAY_COUNT).orElse("0")));
            throw new IllegalStateException("poison");
        }, spec -> spec.setMaxDeliveryAttempts(1)));
        String id = txmq.factory().createPublisher().send(orders, "poison");
        assertThatQueue(queues, dlq).hasMessageCount(1);

        for (int round = 1; round <= 3; round++) {
            assertThat(queues.replay(Selection.of(dlq))).isEqualTo(new ReplayResult(1, 1, 0));
            int expected = round;
            await().atMost(Duration.ofSeconds(10)).until(() -> replays.contains(expected) && queues.statistics(dlq).messages() == 1);
        }
        assertThat(queues.replay(Selection.of(dlq))).isEqualTo(new ReplayResult(0, 0, 1));
        QueuedMessage dead = queues.browse(dlq, 0, 10).get(0);
        assertThat(dead.id()).isEqualTo(id);
        assertThat(dead.headers()).containsEntry(Headers.REPLAY_COUNT, "3").containsEntry(Headers.FAILURE_REASON, "poison");

        assertThat(queues.replay(Selection.of(dlq).force())).isEqualTo(new ReplayResult(1, 1, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> replays.contains(4) && queues.statistics(dlq).messages() == 1);
        assertThat(replays).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void replayedDeadLettersAreHandledOnceEachWhenTheHandlerNowSucceeds() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        List<String> handled = new CopyOnWriteArrayList<>();
        activations.add(txmq.consume(orders, message -> {
            if (broken.get()) {
                throw new IllegalStateException("database down");
            }
            Database.insertOrder(message.id(), "replayed");
            handled.add(message.id());
        }, spec -> spec.setMaxDeliveryAttempts(1)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(txmq.factory().createPublisher().send(orders, "order " + i));
        }
        assertThatDeadLetters(queues, orders).within(Duration.ofSeconds(20)).hasMessageCount(20).hasFailure(STATE);

        broken.set(false);
        assertThat(queues.replay(Selection.of(dlq).exception(STATE))).isEqualTo(new ReplayResult(20, 20, 0));

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 20);
        assertThat(handled).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(Database.orderExists(id)).isTrue();
        }
        assertThatDeadLetters(queues, orders).isEmpty();
    }

    @Test
    void theTestKitsAssertionsWaitForMessagesAndSayWhatTheQueueHeldWhenTheyFail() {
        String id = txmq.factory().createPublisher().send(OutgoingMessage.to(orders).body(Map.of("n", 1))
                .header("tenant", "acme").correlationId("order-1").build());

        assertThatQueue(queues, orders).hasMessageCount(1).hasMessageWithHeader("tenant", "acme")
                .hasMessageWithCorrelationId("order-1").hasMessageWithBody("{\"n\":1}");
        assertThatThrownBy(() -> assertThatQueue(queues, orders).within(Duration.ofMillis(300)).hasMessageWithHeader("tenant", "other"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected queue '" + orders + "' to hold a message with header tenant=other within PT0.3S")
                .hasMessageContaining("1 message(s): [id " + id);
        assertThat(TxmqTesting.drain(queues, orders)).isEqualTo(1);
        assertThatQueue(queues, orders).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> queues.statistics("no-such-queue-" + run)).isInstanceOf(UnknownQueueException.class)
                .hasMessageContaining("no-such-queue-" + run);
        assertThatThrownBy(() -> queues.browse(orders + "-missing", 0, 10)).isInstanceOf(UnknownQueueException.class);
        txmq.factory().createPublisher().send(orders, "x");
        assertThatThrownBy(() -> queues.replay(Selection.of(orders))).isInstanceOf(InvalidSelectionException.class)
                .hasMessageContaining("'" + orders + "' is not a dead-letter queue");
        assertThatThrownBy(() -> queues.browse(orders, -1, 10)).isInstanceOf(InvalidSelectionException.class)
                .hasMessageContaining("offset -1");
        assertThatThrownBy(() -> queues.browse(orders, 0, 0)).isInstanceOf(InvalidSelectionException.class);
        assertThatThrownBy(() -> queues.purge(Selection.of(dlq).where("tenant = ").dryRun()))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("tenant = ");
        assertThatThrownBy(() -> Selection.of("a/b")).isInstanceOf(InvalidSelectionException.class);
        assertThatThrownBy(() -> Selection.of(dlq).limit(0)).isInstanceOf(InvalidSelectionException.class);
        assertThat(queues.statistics(orders).messages()).isEqualTo(1);
    }

    /** 1000 (or n) dead letters: half SQL failures two hours ago, 30% timeouts and 20% state errors now. */
    private Map<String, String> fill(int n) throws Exception {
        Map<String, String> byId = new LinkedHashMap<>();
        Instant now = Instant.now();
        txmq.adapter().broker().ensureQueue(orders); // and DLQ.orders: txmq creates queues, a core client's send does not
        try (DeadLetters dead = new DeadLetters(txmq.acceptorUrl())) {
            for (int i = 0; i < n; i++) {
                String exception = i % 10 < 5 ? SQL : i % 10 < 8 ? TIMEOUT : STATE;
                Instant failedAt = exception.equals(SQL) ? now.minus(Duration.ofHours(2)) : now;
                byId.put(dead.add(dlq, orders, exception, failedAt, "{\"n\":" + i + "}"), exception);
            }
        }
        return byId;
    }
}
