package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.api.Headers;
import dev.txmq.api.MessageHandler;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.PostgresExtension;

/**
 * Guarantee 3 with two servers consuming one queue: two adapters (one with the broker embedded, one
 * connected to it) each run the same failing bean. Whichever adapter receives a message again after
 * a failure, the retries keep their back-off and count, and the dead letter carries the last
 * failure's reason, as with one server.
 */
@ExtendWith(PostgresExtension.class)
class RetriesAcrossServersIT {

    private static final int MESSAGES = 8;
    private static final int MAX_ATTEMPTS = 4;
    private static final long DELAY_MS = 300;
    private static final int BUSY_MESSAGES = 1000;

    private static StandaloneAdapter one;
    private static StandaloneAdapter two;
    private static BrokerProbe broker;

    private record Attempt(String server, int attempt, long nanos) {}

    @BeforeAll
    static void start() throws Exception {
        one = StandaloneAdapter.embedded(Path.of("target", "broker-" + UUID.randomUUID()));
        two = StandaloneAdapter.external(one.acceptorUrl());
        broker = one.probe();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        two.close();
        one.close();
    }

    @Test
    void aFailingMessageKeepsItsBackOffCountAndReasonWhicheverServerReceivesEachRetry() throws Exception {
        String queue = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
        List<AutoCloseable> activations = new ArrayList<>();
        for (StandaloneAdapter server : List.of(one, two)) {
            String name = server == one ? "one" : "two";
            activations.add(server.consume(queue, failing(name, attempts), spec -> {
                spec.setMaxSessions(2);
                spec.setMaxDeliveryAttempts(MAX_ATTEMPTS);
                spec.setRedeliveryDelayMs(DELAY_MS);
                spec.setRedeliveryMultiplier(2.0);
            }));
        }
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                ids.add(one.factory().createPublisher().send(queue, "poison " + i));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> broker.count("DLQ." + queue) == MESSAGES);
            List<ClientMessage> dead = broker.drain("DLQ." + queue);

            SoftAssertions softly = new SoftAssertions();
            for (String id : ids) {
                List<Attempt> seen = attempts.get(id);
                softly.assertThat(seen).as("attempts of %s", id).extracting(Attempt::attempt).containsExactly(1, 2, 3, 4);
                for (int retry = 1; retry < seen.size(); retry++) {
                    long gapMs = TimeUnit.NANOSECONDS.toMillis(seen.get(retry).nanos() - seen.get(retry - 1).nanos());
                    softly.assertThat(gapMs).as("%s: delay before retry %d (%s)", id, retry, seen)
                            .isGreaterThanOrEqualTo(DELAY_MS << (retry - 1));
                }
            }
            softly.assertThat(attempts.values().stream().filter(seen -> servers(seen).size() == 2).count())
                    .as("messages whose attempts ran on both servers (the test needs some)").isPositive();
            softly.assertThat(dead).extracting(message -> message.getStringProperty(Headers.FAILURE_REASON))
                    .as("the reason on each dead letter").allMatch(reason -> reason.startsWith("attempt 4 of "));
            softly.assertThat(dead).extracting(message -> message.getIntProperty(Headers.DELIVERY_ATTEMPTS))
                    .containsOnly(MAX_ATTEMPTS);
            softly.assertThat(dead).extracting(message -> message.getStringProperty(Headers.FAILURE_EXCEPTION))
                    .containsOnly(IllegalStateException.class.getName());
            softly.assertThat(broker.count(queue)).as("left on the queue").isZero();
            softly.assertAll();
        } finally {
            for (AutoCloseable activation : activations) {
                activation.close();
            }
        }
    }

    /**
     * Many failures at once, each read back by whichever consumer receives its message next: a record
     * written an instant before must be found even while other consumers look up theirs.
     */
    @Test
    void everyFailureIsFoundByTheNextConsumerWhileManyFailAtOnce() throws Exception {
        String queue = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        List<AutoCloseable> activations = new ArrayList<>();
        for (StandaloneAdapter server : List.of(one, two)) {
            activations.add(server.consume(queue, failing(server == one ? "one" : "two", new ConcurrentHashMap<>()), spec -> {
                spec.setMaxSessions(4);
                spec.setMaxDeliveryAttempts(1);
            }));
        }
        try {
            for (int i = 0; i < BUSY_MESSAGES; i++) {
                one.factory().createPublisher().send(queue, "poison " + i);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> broker.count("DLQ." + queue) == BUSY_MESSAGES);
            Map<String, Long> exceptions = broker.drain("DLQ." + queue).stream()
                    .collect(Collectors.groupingBy(message -> message.getStringProperty(Headers.FAILURE_EXCEPTION),
                            Collectors.counting()));
            assertThat(exceptions).as("dead letters by the exception written on them")
                    .containsExactly(Map.entry(IllegalStateException.class.getName(), (long) BUSY_MESSAGES));
        } finally {
            for (AutoCloseable activation : activations) {
                activation.close();
            }
        }
    }

    private static MessageHandler failing(String server, Map<String, List<Attempt>> attempts) {
        return message -> {
            attempts.computeIfAbsent(message.id(), id -> new CopyOnWriteArrayList<>())
                    .add(new Attempt(server, message.deliveryAttempt(), System.nanoTime()));
            throw new IllegalStateException("attempt " + message.deliveryAttempt() + " of " + message.bodyText() + " failed");
        };
    }

    private static Collection<String> servers(List<Attempt> seen) {
        return seen.stream().map(Attempt::server).collect(Collectors.toSet());
    }
}
