package dev.txmq.arquillian.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.File;
import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.txmq.testkit.PostgresExtension;
import dev.txmq.testkit.TestPostgres;

/**
 * The samples as a newcomer runs them: the ejb-sample jar and the war-sample war built by the
 * reactor, deployed next to txmq.rar with the XA datasource {@code TxmqDS} on PostgreSQL, driven
 * over HTTP as the page drives them. Each test follows its own correlation id through the tables.
 */
@ExtendWith(PostgresExtension.class) // first: the server's datasource points at this PostgreSQL
@ExtendWith(ArquillianExtension.class)
abstract class SamplesSuite {

    /** A dead letter needs three attempts, 300 ms and 600 ms apart: well within. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SampleApi api;

    @ArquillianResource
    @OperateOnDeployment("war-sample")
    private URL page;

    /**
     * The ejb-sample, unchanged: it carries both servers' descriptors. Deploy it first: the
     * war-sample's resources read the tables its Schema bean creates.
     */
    static JavaArchive ejbSample() {
        return built(JavaArchive.class, "txmq-ejb-sample.jar");
    }

    /** The war-sample, unchanged. */
    static WebArchive warSample() {
        return built(WebArchive.class, "txmq-demo.war");
    }

    /** An archive as the reactor built it, copied to target/samples by the pom's copy-samples. */
    private static <T extends Archive<T>> T built(Class<T> type, String name) {
        return ShrinkWrap.createFromZipFile(type, new File(System.getProperty("txmq.test.samples.dir"), name));
    }

    @BeforeEach
    void connect() throws Exception {
        api = new SampleApi(page);
    }

    @AfterEach
    void nothingLeftInDoubt() throws SQLException {
        assertThat(TestPostgres.shared().preparedTransactions()).as("in-doubt PostgreSQL branches").isEmpty();
    }

    @Test
    void anOrderIsSavedAndEachOfItsThreeQueuesIsProcessedOnce() throws Exception {
        String orderId = api.placeOrder("book-" + run, 2);

        assertThat(SampleTables.count("SELECT count(*) FROM sample_orders WHERE id = ? AND item = ? AND quantity = 2",
                orderId, "book-" + run)).as("the order's row, committed before the answer").isOne();
        await().atMost(DEADLINE).until(() -> SampleTables.processedQueues(orderId),
                equalTo(List.of("audit", "notifications", "orders")));
        assertThat(deadLetters(orderId)).isEmpty();
    }

    @Test
    void scenario1BothEventsAreProcessedAndNothingIsDead() throws Exception {
        String newsId = api.publishNews("none");

        await().atMost(DEADLINE).until(() -> SampleTables.processedQueues(newsId), equalTo(List.of("acme", "news", "xyz")));
        assertThat(deadLetters(newsId)).isEmpty();
    }

    @Test
    void scenario2AFailedSecondSendProcessesNothingAndDeadLettersTheNews() throws Exception {
        String newsId = api.publishNews("second-send");

        DeadLetter dead = deadLetterOf(newsId);
        assertThat(dead.failureException()).isEqualTo("dev.txmq.api.InvalidMessageException");
        assertThat(dead.failureReason()).contains("acme/unreachable");
        assertThat(SampleTables.processedQueues(newsId)).as("the xyz send and the news row rolled back each time").isEmpty();
    }

    @Test
    void scenario3AFailedComputationDeadLettersTheNews() throws Exception {
        String newsId = api.publishNews("computation");

        DeadLetter dead = deadLetterOf(newsId);
        assertThat(dead.failureException()).isEqualTo("dev.txmq.sample.ejb.EventsNotComputedException");
        assertThat(dead.failureReason())
                .isEqualTo("Cannot build the events of news " + newsId + ": the computation failed (on purpose: scenario 3)");
        assertThat(SampleTables.processedQueues(newsId)).isEmpty();
    }

    /** The Celery race, its hardest form: the send before the INSERT, the transaction open a second longer. */
    @Test
    void aSignUpSavesTheUserAndItsWelcomeEmailFindsItOnTheFirstAttempt() throws Exception {
        String email = "ada-" + run + "@example.com";
        String userId = api.signUp("Ada", email, true, true);

        assertThat(SampleTables.count("SELECT count(*) FROM sample_users WHERE id = ? AND email = ?", userId, email)).isOne();
        SampleTables.WelcomeEmail welcome = await().atMost(DEADLINE)
                .until(() -> SampleTables.welcomeEmails(userId), hasSize(1)).get(0);
        assertThat(welcome.email()).isEqualTo(email);
        assertThat(welcome.attempt()).as("delivery attempt that found the user").isOne();
        assertThat(deadLetters(userId)).isEmpty();
    }

    @Test
    void theStateHasEverySectionWithTheNewestRows() throws Exception {
        String orderId = api.placeOrder("lamp-" + run, 1);
        String newsId = api.publishNews("computation");
        deadLetterOf(newsId);
        await().atMost(DEADLINE).until(() -> SampleTables.processedQueues(orderId), hasSize(3));

        SampleApi.Answer answer = api.get("api/state");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonObject state = answer.json();
        assertThat(state.keySet()).containsExactlyInAnyOrder("orders", "users", "processed", "welcomeEmails", "deadLetters");
        assertThat(state.getJsonArray("orders").getValuesAs(JsonObject.class))
                .anySatisfy(order -> assertThat(order.getString("id")).isEqualTo(orderId));
        assertThat(state.getJsonArray("processed").getValuesAs(JsonObject.class))
                .filteredOn(row -> row.getString("correlationId").equals(orderId)).hasSize(3);
        assertThat(state.getJsonArray("deadLetters").getValuesAs(JsonObject.class))
                .anySatisfy(row -> {
                    assertThat(row.getString("messageId")).isEqualTo(newsId);
                    assertThat(row.getString("failureReason")).contains("scenario 3");
                });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "api/orders  | {\"item\":null,\"quantity\":1}               | item: must not be blank",
            "api/orders  | {\"item\":\"book\",\"quantity\":0}           | quantity: must be greater than or equal to 1",
            "api/orders  | {\"item\":                                 | not JSON",
            "api/orders  | ''                                          | request body: must not be null",
            "api/news    | {\"fail\":\"sometimes\"}                     | fail: must match",
            "api/signups | {\"name\":\"Ada\",\"email\":\"not-an-email\"} | email: must be a well-formed email address"})
    void aBadRequestIsA400ProblemDetailWithoutAStackTrace(String path, String body, String detail) throws Exception {
        SampleApi.Answer answer = api.post(path, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonObject problem = answer.json();
        assertThat(problem.getString("type")).isEqualTo("urn:txmq:sample:problem:invalid-request");
        assertThat(problem.getString("title")).isEqualTo("Invalid request");
        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains(detail);
        assertThat(problem.getString("instance")).isEqualTo("/txmq-demo/" + path);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("RESTEASY");
    }

    @Test
    void anUnknownResourceIsA404ProblemDetail() throws Exception {
        SampleApi.Answer answer = api.get("api/nothing-here");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().getString("title")).isEqualTo("Not Found");
    }

    @Test
    void thePageAndItsFilesAreServedByTheWar() throws Exception {
        SampleApi.Answer index = api.get("");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("data-testid=\"scenario-2\"", "data-testid=\"dead-letters\"", "src=\"app.js\"");
        assertThat(api.get("app.js").status()).isEqualTo(200);
        assertThat(api.get("style.css").status()).isEqualTo(200);
    }

    /** A dead letter as the page's state shows it: read from its dead-letter queue through txmq's Queues API. */
    record DeadLetter(String queue, String originalQueue, String messageId, String body, String failureReason,
                      String failureException, Integer attempts, String failedAt) {}

    /** The dead letters the page shows for {@code correlationId}. */
    private List<DeadLetter> deadLetters(String correlationId) throws Exception {
        return api.get("api/state").json().getJsonArray("deadLetters").getValuesAs(JsonObject.class).stream()
                .filter(row -> correlationId.equals(row.getString("correlationId", null)))
                .map(row -> new DeadLetter(row.getString("queue"), row.getString("originalQueue", null), row.getString("messageId"),
                        row.getString("body", null), row.getString("failureReason", null), row.getString("failureException", null),
                        row.containsKey("attempts") ? row.getInt("attempts") : null, row.getString("failedAt", null)))
                .toList();
    }

    /** The one dead letter of a news item: from {@code news}, after three attempts, body intact. */
    private DeadLetter deadLetterOf(String newsId) {
        DeadLetter dead = await().atMost(DEADLINE).until(() -> deadLetters(newsId), hasSize(1)).get(0);
        assertThat(dead.queue()).isEqualTo("DLQ.news");
        assertThat(dead.originalQueue()).isEqualTo("news");
        assertThat(dead.messageId()).isEqualTo(newsId);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.failedAt()).isNotNull();
        assertThat(dead.body()).contains("\"ownerId\"", "\"fail\"");
        return dead;
    }
}
