package dev.txmq.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.txmq.api.Headers;
import dev.txmq.crash.app.Order;
import dev.txmq.testkit.BrokerProbe;

/**
 * WildFly killed (SIGKILL) in the middle of a replay of {@value #DEAD_LETTERS} dead letters of
 * crash-orders: after the restart, a second replay finishes what the first had staged and moves the
 * rest; every dead letter is then consumed exactly once (one crash_consumed row each), and nothing is
 * left in the dead-letter queue, the staging queue or in doubt.
 */
class ReplayCrashIT {

    private static final int DEAD_LETTERS = 5000;
    private static final String DLQ = "DLQ." + Order.ORDERS;
    private static final String STAGING = "txmq.replaying." + DLQ;
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final WildFlyServer server = new WildFlyServer();
    private static final Ledger ledger = new Ledger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void prepare() throws Exception {
        Ledger.createTables();
        server.installApp();
        server.start("replay-crash");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void aReplayKilledHalfWayLosesAndDuplicatesNothing() throws Exception {
        String run = "replay-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        deadLetters(run);
        try (BrokerProbe broker = new BrokerProbe(System.getProperty("txmq.test.acceptor.url"))) {
            assertThat(broker.count(DLQ)).isEqualTo(DEAD_LETTERS);

            CompletableFuture<HttpResponse<String>> replay = HTTP.sendAsync(replayRequest(), HttpResponse.BodyHandlers.ofString());
            await("the replay under way").atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> broker.count(DLQ) <= DEAD_LETTERS - 3 * 200 || replay.isDone()); // a few chunks along
            server.kill();
            assertThat(replay).as("the replay was still running when WildFly was killed").isCompletedExceptionally();
        }
        server.start("replay-crash-restarted");
        try (BrokerProbe broker = new BrokerProbe(System.getProperty("txmq.test.acceptor.url"))) {
            long dead = broker.count(DLQ);
            long staged = broker.count(STAGING);
            System.out.printf("killed mid-replay: %d still dead, %d staged, %d consumed or queued%n", dead, staged,
                    DEAD_LETTERS - dead - staged);
            assertThat(dead).as("dead letters left after the kill").isBetween(1L, DEAD_LETTERS - 1L);

            HttpResponse<String> second = HTTP.send(replayRequest(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            // the kill also cut deliveries of crash-orders short: one left prepared holds its message until
            // recovery rolls it back (the next periodic pass is up to 2 minutes away)
            server.finishInDoubt();

            try {
                await("every dead letter consumed").atMost(DEADLINE)
                        .until(() -> ledger.consumed(run).size() == DEAD_LETTERS);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(String.format("%d of %d dead letters consumed; %d in %s, %d in %s, %d staged,"
                        + " broker branches in doubt %s", ledger.consumed(run).size(), DEAD_LETTERS, broker.count(Order.ORDERS),
                        Order.ORDERS, broker.count(DLQ), DLQ, broker.count(STAGING), ledger.preparedInBroker()), e);
            }
            Map<String, Integer> consumed = ledger.consumed(run);
            assertThat(consumed.values()).as("rows per order: a duplicate delivery would show as 2").containsOnly(1);
            assertThat(broker.count(DLQ)).isZero();
            assertThat(broker.count(STAGING)).isZero();
        }
        server.finishInDoubt();
        assertThat(Ledger.preparedInDatabase()).as("PostgreSQL branches in doubt").isEmpty();
        assertThat(ledger.preparedInBroker()).as("broker branches in doubt").isEmpty();
    }

    private static HttpRequest replayRequest() {
        return HttpRequest.newBuilder(server.appUri("replay?queue=" + DLQ)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /** Dead letters of crash-orders as txmq writes them, one order each. */
    private static void deadLetters(String run) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(System.getProperty("txmq.test.acceptor.url"));
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(false, false);
             ClientProducer producer = session.createProducer()) {
            for (int i = 0; i < DEAD_LETTERS; i++) {
                String id = UUID.randomUUID().toString();
                ClientMessage message = session.createMessage(Message.TEXT_TYPE, true);
                TextMessageUtil.writeBodyText(message.getBodyBuffer(), SimpleString.of("{\"orderId\":\"" + run + i + "\"}"));
                message.putStringProperty("txmqId", id); // txmq's message id property
                message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), id + "#dead");
                message.putStringProperty(Headers.ORIGINAL_QUEUE, Order.ORDERS);
                message.putStringProperty(Headers.FAILURE_EXCEPTION, "java.sql.SQLTransientException");
                message.putStringProperty(Headers.FAILURE_REASON, "the database was away");
                message.putStringProperty(Headers.FAILED_AT, Instant.now().toString());
                message.putIntProperty(Headers.DELIVERY_ATTEMPTS, 50);
                producer.send(DLQ, message);
                if (i % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }
}
