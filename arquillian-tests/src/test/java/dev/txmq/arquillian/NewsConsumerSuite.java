package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.api.Headers;
import dev.txmq.api.InvalidMessageException;
import dev.txmq.arquillian.news.EventsNotComputedException;
import dev.txmq.arquillian.news.NewsHandler;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.PostgresExtension;
import dev.txmq.testkit.TestPostgres;

/**
 * The Django STOMP blog (seed 000) on a real server: a message-driven bean consumes {@code news-it}, builds
 * two events and sends them to {@code xyz-it} and {@code acme-it} in the transaction that also
 * acknowledges the news item. Scenario 1: both events arrive and the news item is gone. Scenario 2:
 * the second send fails, nothing is published, the news item ends in its dead-letter queue, intact,
 * with the reason. Scenario 3: the computation fails before any send; the same.
 */
@ExtendWith(PostgresExtension.class) // first: the server's datasource points at this PostgreSQL
@ExtendWith(ArquillianExtension.class)
abstract class NewsConsumerSuite {

    private static final String NEWS = "news-it";
    private static final String XYZ = "xyz-it";
    private static final String ACME = "acme-it";
    private static final String DLQ = "DLQ.news-it";
    private static final int MAX_DELIVERY_ATTEMPTS = 3; // as NewsHandler's activation config says
    private static final String TITLE = "All right, so I'm back in high school, standing in the middle of the cafeteria";
    private static final String REGISTERED_AT = "2022-01-22T19:07:16.979";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BrokerProbe broker;

    private final String ownerId = UUID.randomUUID().toString();
    private final String correlationId = "news-" + ownerId;
    private ServerLog log;

    @ArquillianResource
    private URL base;

    static WebArchive news(TargetServer server) {
        return server.deployable(ShrinkWrap.create(WebArchive.class, "news.war").addPackage(NewsHandler.class.getPackage()));
    }

    abstract TargetServer server();

    @BeforeAll
    static void connect() {
        broker = new BrokerProbe(System.getProperty("txmq.test.acceptor.url"));
    }

    @AfterAll
    static void closeProbe() {
        broker.close();
    }

    @BeforeEach
    void startClean() throws Exception {
        broker.drain(XYZ);
        broker.drain(ACME);
        broker.drain(DLQ);
        log = server().log();
    }

    @AfterEach
    void nothingLeftInDoubt() throws SQLException {
        assertThat(TestPostgres.shared().preparedTransactions()).as("in-doubt PostgreSQL branches").isEmpty();
    }

    @Test
    void scenario1BothEventsArriveAndTheNewsIsAcknowledged() throws Exception {
        publish(null);

        ClientMessage xyz = broker.receive(XYZ, Duration.ofSeconds(15)).orElseThrow();
        ClientMessage acme = broker.receive(ACME, Duration.ofSeconds(5)).orElseThrow();

        assertThat(BrokerProbe.body(xyz)).isEqualTo("{\"title\":\"" + TITLE + "\",\"whoDidTheThingId\":\"" + ownerId + "\"}");
        assertThat(BrokerProbe.body(acme)).isEqualTo("{\"registeredAt\":\"" + REGISTERED_AT
                + "\",\"saltAddicted\":true,\"whoDidTheThingId\":\"" + ownerId + "\"}");
        assertThat(String.valueOf(xyz.getCorrelationID())).as("xyz correlation id").isEqualTo(correlationId);
        assertThat(String.valueOf(acme.getCorrelationID())).as("acme correlation id").isEqualTo(correlationId);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.count(NEWS) == 0);
        assertThat(broker.count(DLQ)).isZero();
        assertThat(broker.drain(XYZ)).isEmpty();
        assertThat(broker.drain(ACME)).isEmpty();
        assertThat(log.errors()).isEmpty();
    }

    @Test
    void scenario2AFailedSecondSendPublishesNothingAndDeadLettersTheNews() throws Exception {
        publish("second-send");

        ClientMessage dead = deadLettered();

        assertIntact(dead, "second-send");
        assertThat(dead.getStringProperty(Headers.FAILURE_EXCEPTION)).isEqualTo(InvalidMessageException.class.getName());
        assertThat(dead.getStringProperty(Headers.FAILURE_REASON)).contains("acme/bad");
        assertNothingPublished();
        // the server reports each attempt's system exception; nothing else may be an error
        assertThat(log.records()).filteredOn(server()::reportsSystemException).hasSize(MAX_DELIVERY_ATTEMPTS)
                .allMatch(record -> record.contains("acme/bad"));
        assertThat(log.errors()).allMatch(server()::reportsSystemException);
    }

    @Test
    void scenario3AFailedComputationDeadLettersTheNews() throws Exception {
        String id = publish("computation");

        ClientMessage dead = deadLettered();

        assertIntact(dead, "computation");
        assertThat(dead.getStringProperty(Headers.FAILURE_EXCEPTION)).isEqualTo(EventsNotComputedException.class.getName());
        assertThat(dead.getStringProperty(Headers.FAILURE_REASON))
                .isEqualTo("Cannot build the events of news " + id + ": the computation failed (on purpose)");
        assertNothingPublished();
        assertThat(log.errors()).as("a checked exception is the bean's business: no error logged").isEmpty();
        assertBackOff(id);
    }

    /**
     * Three deliveries, redeliveryDelayMs 100 and the default multiplier 2: the retries wait at least
     * 100 ms, then 200 ms (and not seconds more: 2 s of slack for a busy machine).
     */
    private void assertBackOff(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("news?attempts=" + id))
                .timeout(Duration.ofSeconds(30)).GET().build();
        List<Long> started = Arrays.stream(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().split(","))
                .map(Long::parseLong).toList();
        assertThat(started).as("delivery start times (ms)").hasSize(MAX_DELIVERY_ATTEMPTS);
        assertThat(started.get(1) - started.get(0)).as("wait before retry 1 (ms)").isBetween(100L, 2100L);
        assertThat(started.get(2) - started.get(1)).as("wait before retry 2 (ms)").isBetween(200L, 2200L);
    }

    /** Publishes the blog's news item through the servlet; returns its message id. */
    private String publish(String fail) throws Exception {
        String query = "ownerId=" + ownerId + "&title=" + URLEncoder.encode(TITLE, StandardCharsets.UTF_8)
                + "&saltAddicted=true&registeredAt=" + REGISTERED_AT + "&correlationId=" + correlationId
                + (fail == null ? "" : "&fail=" + fail);
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("news?" + query))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** Three attempts with 100 ms and 200 ms between them: well within the deadline. */
    private ClientMessage deadLettered() throws Exception {
        return broker.receive(DLQ, Duration.ofSeconds(20)).orElseThrow(
                () -> new AssertionError("Nothing reached " + DLQ + " within 20 s"));
    }

    private void assertIntact(ClientMessage dead, String fail) {
        assertThat(BrokerProbe.body(dead)).isEqualTo("{\"ownerId\":\"" + ownerId + "\",\"registeredAt\":\"" + REGISTERED_AT
                + "\",\"saltAddicted\":true,\"title\":\"" + TITLE + "\"}");
        assertThat(dead.getStringProperty("fail")).isEqualTo(fail);
        assertThat(String.valueOf(dead.getCorrelationID())).isEqualTo(correlationId);
        assertThat(dead.getStringProperty(Headers.ORIGINAL_QUEUE)).isEqualTo(NEWS);
        assertThat(dead.getIntProperty(Headers.DELIVERY_ATTEMPTS)).isEqualTo(MAX_DELIVERY_ATTEMPTS);
        assertThat(Instant.parse(dead.getStringProperty(Headers.FAILED_AT))).isBefore(Instant.now());
    }

    /** Every attempt sent to XYZ (scenario 2) and rolled back: the dead-letter move came after the last one. */
    private void assertNothingPublished() throws Exception {
        assertThat(broker.count(XYZ)).as("messages on " + XYZ).isZero();
        assertThat(broker.count(ACME)).as("messages on " + ACME).isZero();
        assertThat(broker.count(NEWS)).as("messages left on " + NEWS).isZero();
        assertThat(broker.drain(DLQ)).as("more on " + DLQ).isEmpty();
    }
}
