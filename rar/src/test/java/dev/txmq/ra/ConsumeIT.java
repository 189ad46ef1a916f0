package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.txmq.api.Headers;
import dev.txmq.api.MalformedMessageException;
import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.Narayana;
import dev.txmq.ra.stubs.RecordingXAResource;
import dev.txmq.testkit.BrokerProbe;

/**
 * Guarantees 2 and 3 without a server: a handler's row, its sends and the receipt commit together;
 * failures roll all three back, are retried with back-off, and end in the dead-letter queue with
 * the reason written on the message.
 */
class ConsumeIT extends EmbeddedAdapterTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String news = "news-" + run;
    private final String xyz = "xyz-" + run;
    private final String acme = "acme-" + run;
    private final List<AutoCloseable> activations = new CopyOnWriteArrayList<>();

    public record News(String ownerId, String title) {}

    @AfterEach
    void undeploy() throws Exception {
        for (AutoCloseable activation : activations) {
            activation.close();
        }
    }

    @Test
    void aHandlerThatSucceedsCommitsItsRowItsSendsAndTheReceipt() throws Exception {
        consume(message -> {
            News item = message.body(News.class);
            Database.insertOrder(message.id(), item.title());
            Publisher publisher = txmq.factory().createPublisher();
            publisher.send(xyz, Map.of("who", item.ownerId()));
            publisher.send(acme, Map.of("who", item.ownerId(), "title", item.title()));
        }, 3);
        String id = publish(new News("owner-1", "hello"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Database.orderExists(id));
        assertThat(broker.receive(xyz, Duration.ofSeconds(5))).isPresent();
        assertThat(broker.receive(acme, Duration.ofSeconds(5))).isPresent();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.count(news) == 0);
        assertThat(broker.count("DLQ." + news)).isZero();
    }

    /**
     * Guarantee 1 holds inside a handler too: the receipt's branch is enlisted before the handler's
     * row, so the handler's sends must not ride on it (they would commit before the row: the Celery race).
     */
    @Test
    void noConsumerSeesAHandlersMessageBeforeItsRowIsCommitted() throws Exception {
        List<Long> visibleWhileTheDatabaseCommits = new CopyOnWriteArrayList<>();
        consume(message -> {
            Database.insertOrder(message.id(), "welcome", xa -> new RecordingXAResource(xa, "db", new CopyOnWriteArrayList<>())
                    .beforeCommit(() -> visibleWhileTheDatabaseCommits.add(broker.count(xyz))));
            txmq.factory().createPublisher().send(xyz, "welcome e-mail");
        }, 3);
        String id = publish(new News("owner-3", "sign-up"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Database.orderExists(id));
        assertThat(broker.receive(xyz, Duration.ofSeconds(5))).isPresent();
        assertThat(visibleWhileTheDatabaseCommits).containsExactly(0L);
    }

    @Test
    void aFailingHandlerIsRetriedWithGrowingDelaysThenDeadLetteredWithTheReason() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();
        consume(message -> {
            attempts.add(message.deliveryAttempt());
            times.add(System.nanoTime());
            Database.insertOrder(message.id() + "-" + message.deliveryAttempt(), "row");
            txmq.factory().createPublisher().send(xyz, "must not be sent");
            throw new IllegalStateException("computation failed");
        }, 3, 400, 2.0);
        String id = txmq.factory().createPublisher().send(OutgoingMessage.to(news)
                .body(new News("owner-2", "doomed")).header("tenant", "acme").build());

        ClientMessage dead = await().atMost(Duration.ofSeconds(15))
                .until(() -> broker.receive("DLQ." + news, Duration.ofMillis(200)), found -> found.isPresent()).orElseThrow();

        assertThat(attempts).containsExactly(1, 2, 3);
        assertGap(times, 0, 400);
        assertGap(times, 1, 800);
        assertThat(BrokerProbe.body(dead)).isEqualTo("{\"ownerId\":\"owner-2\",\"title\":\"doomed\"}");
        assertThat(dead.getStringProperty("tenant")).isEqualTo("acme");
        assertThat(dead.getStringProperty(MessageProperties.ID)).isEqualTo(id);
        assertThat(dead.getStringProperty(Headers.FAILURE_REASON)).isEqualTo("computation failed");
        assertThat(dead.getStringProperty(Headers.FAILURE_EXCEPTION)).isEqualTo(IllegalStateException.class.getName());
        assertThat(dead.getStringProperty(Headers.ORIGINAL_QUEUE)).isEqualTo(news);
        assertThat(dead.getIntProperty(Headers.DELIVERY_ATTEMPTS)).isEqualTo(3);
        assertThat(Instant.parse(dead.getStringProperty(Headers.FAILED_AT))).isBefore(Instant.now());
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(Database.orderExists(id + "-" + attempt)).isFalse();
        }
        assertThat(broker.count(xyz)).isZero();
        assertThat(broker.count(news)).isZero();
        assertThat(broker.drain("DLQ." + news)).isEmpty();
    }

    @Test
    void aConsumerOfTheDeadLetterQueueSeesItsFirstAttempt() throws Exception {
        consume(message -> {
            throw new IllegalStateException("always");
        }, 3);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        activations.add(txmq.consume("DLQ." + news, message -> attempts.add(message.deliveryAttempt()),
                spec -> spec.setMaxDeliveryAttempts(2)));
        publish(new News("owner-6", "x"));

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 1);
        assertThat(attempts).containsExactly(1);
        assertThat(broker.exists("DLQ.DLQ." + news)).as("a dead-letter queue has none of its own").isFalse();
    }

    @Test
    void aBodyTheHandlerCannotReadGoesToTheDeadLetterQueueAtOnce() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consume(message -> {
            attempts.add(message.deliveryAttempt());
            message.body(News.class);
        }, 5);
        publish("not a news item");

        ClientMessage dead = await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.receive("DLQ." + news, Duration.ofMillis(200)), found -> found.isPresent()).orElseThrow();
        assertThat(attempts).containsExactly(1);
        assertThat(dead.getStringProperty(Headers.FAILURE_EXCEPTION)).isEqualTo(MalformedMessageException.class.getName());
        assertThat(dead.getStringProperty(Headers.FAILURE_REASON)).contains(news).contains(News.class.getName());
        assertThat(BrokerProbe.body(dead)).isEqualTo("\"not a news item\"");
    }

    @Test
    void aNonRetryableExceptionGoesToTheDeadLetterQueueAtOnce() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        activations.add(txmq.consume(news, message -> {
            attempts.add(message.deliveryAttempt());
            throw new IllegalArgumentException("no such customer");
        }, spec -> {
            spec.setMaxDeliveryAttempts(5);
            spec.setRedeliveryDelayMs(100L);
            spec.setNonRetryableExceptions("java.lang.IllegalArgumentException, java.io.FileNotFoundException");
        }));
        publish(new News("owner-3", "x"));

        ClientMessage dead = await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.receive("DLQ." + news, Duration.ofMillis(200)), found -> found.isPresent()).orElseThrow();
        assertThat(attempts).containsExactly(1);
        assertThat(dead.getIntProperty(Headers.DELIVERY_ATTEMPTS)).isEqualTo(1);
        assertThat(dead.getStringProperty(Headers.FAILURE_REASON)).isEqualTo("no such customer");
    }

    @Test
    void checkedExceptionsAndRollbackOnlyAreRetriedLikeAnyFailure() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consume(message -> {
            attempts.add(message.deliveryAttempt());
            Database.insertOrder(message.id() + "-" + message.deliveryAttempt(), "row");
            if (message.deliveryAttempt() == 1) {
                throw new Exception("checked failure");
            }
            if (message.deliveryAttempt() == 2) {
                Narayana.transactionManager().setRollbackOnly();
            }
        }, 5);
        String id = publish(new News("owner-4", "x"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Database.orderExists(id + "-3"));
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(Database.orderExists(id + "-1")).isFalse();
        assertThat(Database.orderExists(id + "-2")).isFalse();
        assertThat(broker.count("DLQ." + news)).isZero();
    }

    @Test
    void sendsMadeByAHandlerInheritTheCorrelationId() throws Exception {
        consume(message -> txmq.factory().createPublisher().send(xyz, "event"), 3);
        txmq.factory().createPublisher().send(OutgoingMessage.to(news).body("x").correlationId("chain-42").build());

        ClientMessage event = broker.receive(xyz, Duration.ofSeconds(10)).orElseThrow();
        assertThat(String.valueOf(event.getCorrelationID())).isEqualTo("chain-42");
    }

    @Test
    void aMessageWaitingForItsRetryDoesNotHoldUpTheOnesBehindIt() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        activations.add(txmq.consume(news, message -> {
            String body = message.body(String.class);
            if (body.equals("first") && message.deliveryAttempt() == 1) {
                throw new IllegalStateException("not yet");
            }
            handled.add(body);
        }, spec -> {
            spec.setMaxSessions(1);
            spec.setRedeliveryDelayMs(3000L);
        }));
        publish("first");
        publish("second");

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly("second", "first");
    }

    @Test
    void deactivationWaitsForTheDeliveryInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AutoCloseable activation = txmq.consume(news, message -> {
            started.countDown();
            assertThat(finish.await(20, TimeUnit.SECONDS)).isTrue();
            Database.insertOrder(message.id(), "slow");
        }, spec -> spec.setMaxSessions(1));
        String id = publish(new News("owner-5", "slow"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> undeploy = CompletableFuture.runAsync(() -> {
            try {
                activation.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(undeploy).isNotDone();
        finish.countDown();
        undeploy.get(30, TimeUnit.SECONDS);

        assertThat(Database.orderExists(id)).isTrue();
        assertThat(broker.count(news)).isZero();
    }

    private void consume(dev.txmq.api.MessageHandler bean, int maxAttempts) throws Exception {
        consume(bean, maxAttempts, 100, 2.0);
    }

    private void consume(dev.txmq.api.MessageHandler bean, int maxAttempts, long delayMs, double multiplier) throws Exception {
        activations.add(txmq.consume(news, bean, spec -> {
            spec.setMaxDeliveryAttempts(maxAttempts);
            spec.setRedeliveryDelayMs(delayMs);
            spec.setRedeliveryMultiplier(multiplier);
        }));
    }

    private String publish(Object body) {
        return txmq.factory().createPublisher().send(news, body);
    }

    /** The gap before retry n+1 is the configured delay, give or take scheduling (up to 1 s later). */
    private static void assertGap(List<Long> times, int retry, long expectedMs) {
        long gapMs = TimeUnit.NANOSECONDS.toMillis(times.get(retry + 1) - times.get(retry));
        assertThat(gapMs).as("delay before retry %d", retry + 1).isBetween(expectedMs, expectedMs + 1000);
    }

}
