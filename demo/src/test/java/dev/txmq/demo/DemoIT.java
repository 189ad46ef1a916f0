package dev.txmq.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The one-command demo as a newcomer meets it: {@code demo/run}, started once for the whole class on a
 * fresh demo home (with {@code --no-build}: the reactor built the artifacts). One class, in order, so
 * that every test uses the same server and the last one can stop it: the command prints the URL and
 * serves the page; the API takes an order; the page's actions work in a real browser (skipped without
 * Debian's Chromium); Ctrl-C stops everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

    private static final Path RUN = Path.of(System.getProperty("txmq.demo.run", "run"));
    /** wildfly or payara, for demo/run --server. */
    private static final String SERVER = System.getProperty("txmq.demo.server", "wildfly");
    /** What the server's log or demo/run prints once the server has stopped. */
    private static final String STOPPED = SERVER.equals("payara") ? "demo: Payara stopped" : "WFLYSRV0050"; // WildFly ... stopped in
    private static final Path HOME = Path.of(System.getProperty("txmq.demo.home", "target/demo-home"));
    private static final int PORT_OFFSET = Integer.getInteger("txmq.demo.port.offset", 200);
    private static final Path SCREENSHOT = Path.of(System.getProperty("txmq.demo.screenshot", "target/demo.png"));
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Path CONSOLE_SCREENSHOT = Path.of(System.getProperty("txmq.demo.console.screenshot", "target/console.png"));
    private static final String COMPUTATION_FAILURE = "dev.txmq.sample.ejb.EventsNotComputedException";
    private static final Pattern CONSOLE_LINE = Pattern.compile("console: (\\S+) +\\(user (\\S+), password (\\S+)\\)");

    private static DemoCommand demo;
    private static String computationFailedNewsId;
    private static URI page;
    private static DemoPage browser;

    @BeforeAll
    static void runTheDemo() throws IOException {
        demo = DemoCommand.start(RUN, SERVER, HOME, PORT_OFFSET, HOME.resolveSibling(HOME.getFileName() + "-run.log"));
        page = demo.awaitUrl(START_TIMEOUT);
        System.out.printf("demo/run: ready in %d s at %s%n", demo.secondsToReady(), page);
    }

    @AfterAll
    static void killWhatIsLeft() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void printsTheUrlOfThePageAndServesIt() throws Exception {
        assertThat(page).isEqualTo(URI.create("http://localhost:" + (8080 + PORT_OFFSET) + "/txmq-demo/"));

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(page).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("data-testid");
    }

    @Test
    @Order(2)
    void anOrderPostedToTheApiIsSavedAndItsThreeMessagesAreProcessed() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(page.resolve("api/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\",\"quantity\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String orderId = json(response.body()).getString("orderId");
        assertThat(orderId).isNotBlank();
        await("the order and its three messages in GET /api/state").atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
            JsonObject state = state();
            assertThat(strings(state, "orders", "id")).contains(orderId);
            assertThat(rows(state, "processed").stream()
                    .filter(row -> orderId.equals(row.getString("correlationId", null)))
                    .map(row -> row.getString("queue")))
                    .containsExactlyInAnyOrder("orders", "notifications", "audit");
        });
    }

    @Test
    @Order(3)
    void placeOrderShowsTheOrderAndItsThreeProcessedMessages() throws Exception {
        String orderId = browser().click("place-order", ANSWER_TIMEOUT);

        await("the order's row and its three messages on the page").atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
            assertThat(browser.rows("order-row")).anyMatch(row -> orderId.equals(row.get("id")));
            assertThat(queues(browser.rows("processed-row"), orderId))
                    .containsExactlyInAnyOrder("orders", "notifications", "audit");
        });
    }

    @Test
    @Order(4)
    void scenario1ProcessesTheNewsAndItsTwoEvents() throws Exception {
        String newsId = browser().click("scenario-1", ANSWER_TIMEOUT);

        await("news, xyz and acme processed").atMost(PROCESSING_TIMEOUT).untilAsserted(() ->
                assertThat(queues(browser.rows("processed-row"), newsId))
                        .containsExactlyInAnyOrder("news", "xyz", "acme"));
        assertThat(queues(browser.rows("dead-letter-row"), newsId)).isEmpty();
    }

    @Test
    @Order(5)
    void scenario2PublishesNothingAndDeadLettersTheNewsWithTheReason() throws Exception {
        String newsId = browser().click("scenario-2", ANSWER_TIMEOUT);

        Map<String, String> deadLetter = awaitDeadLetter(newsId);
        assertThat(deadLetter.get("text")).contains("InvalidMessageException", "acme/unreachable");
        // every attempt rolled back the xyz send and the news row: none of them was ever processed
        assertThat(queues(browser.rows("processed-row"), newsId)).isEmpty();
    }

    @Test
    @Order(6)
    void scenario3DeadLettersTheNews() throws Exception {
        String newsId = browser().click("scenario-3", ANSWER_TIMEOUT);
        computationFailedNewsId = newsId;

        Map<String, String> deadLetter = awaitDeadLetter(newsId);
        assertThat(deadLetter.get("text")).contains("EventsNotComputedException");
        assertThat(queues(browser.rows("processed-row"), newsId)).isEmpty();
    }

    @Test
    @Order(7)
    void signUpSavesTheUserAndTheWelcomeEmailFindsItAtTheFirstAttempt() throws Exception {
        browser().check("signup-pause", true);
        browser.check("signup-send-first", true);   // the send before the INSERT: the Celery race's worst case

        String userId = browser.click("sign-up", ANSWER_TIMEOUT);

        await("the user and the welcome e-mail on the page").atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
            assertThat(browser.rows("user-row")).anyMatch(row -> userId.equals(row.get("id")));
            assertThat(browser.rows("welcome-email-row"))
                    .filteredOn(row -> userId.equals(row.get("userId")))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("attempt")).isEqualTo("1"));
        });
        browser.screenshot(SCREENSHOT);
    }

    /**
     * The console demo/run deploys, logged in as the user it prints: scenario 3's dead letter is in
     * DLQ.news under its exception; replaying that reason (after its dry run) sends it back to news,
     * where it is processed this time; scenario 2's stays. A cross-site form changes nothing.
     */
    @Test
    @Order(8)
    void theConsoleReplaysTheComputationFailuresAndTheNewsIsProcessed() throws Exception {
        assumeTrue(computationFailedNewsId != null, "needs scenario 3's dead letter");
        Matcher printed = demo.output().stream().map(CONSOLE_LINE::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("demo/run printed no console line: " + demo.output()));
        URI console = URI.create(printed.group(1));
        assertThat(console).isEqualTo(page.resolve("/txmq-console/"));

        try (ConsolePage consolePage = ConsolePage.open(console, printed.group(2), printed.group(3))) {
            consolePage.select("DLQ.news");
            long failed = consolePage.failureCount(COMPUTATION_FAILURE);
            assertThat(failed).isPositive();
            consolePage.screenshot(CONSOLE_SCREENSHOT);

            assertThat(consolePage.replay(COMPUTATION_FAILURE)).startsWith("Replay " + failed + " message(s) of DLQ.news");
            assertThat(consolePage.confirm()).isEqualTo("Replayed " + failed + " message(s).");

            await("scenario 3's news item processed after the replay").atMost(PROCESSING_TIMEOUT).untilAsserted(() ->
                    assertThat(rows(state(), "processed").stream()
                            .filter(row -> computationFailedNewsId.equals(row.getString("correlationId", null)))
                            .map(row -> row.getString("queue"))).containsExactlyInAnyOrder("news", "xyz", "acme"));
            assertThat(rows(state(), "deadLetters")).noneMatch(row -> computationFailedNewsId.equals(row.getString("correlationId", null)))
                    .anyMatch(row -> row.getString("failureException", "").endsWith("InvalidMessageException"));

            int deadBefore = rows(state(), "deadLetters").size();
            String answer = consolePage.crossSitePost(console.resolve("api/queues/DLQ.news/purge"));
            assertThat(answer).doesNotContain("\"deleted\"");
            assertThat(rows(state(), "deadLetters")).hasSize(deadBefore);
        }
    }

    @Test
    @Order(100)
    void ctrlCStopsTheServerAndLeavesNoProcessBehind() throws Exception {
        String signal = demo.interrupt();

        assertThat(demo.awaitExit(Duration.ofSeconds(60)))
                .as("demo/run still running 60 s after SIG%s; see %s", signal, demo.log())
                .hasValue("INT".equals(signal) ? 130 : 143);
        assertThat(demo.output()).anyMatch(line -> line.contains(STOPPED));
        assertThat(demo.processesInHome()).isEmpty();
    }

    /** The browser, opened on the page at the first call; skips the test when Chromium is not installed. */
    private static DemoPage browser() throws IOException {
        assumeTrue(DemoPage.browserInstalled(), "the page tests need Debian's Chromium and its driver ("
                + DemoPage.CHROMIUM + ", " + DemoPage.CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        if (browser == null) {
            browser = DemoPage.open(page);
        }
        return browser;
    }

    private static Map<String, String> awaitDeadLetter(String newsId) {
        return await("the news item in DLQ.news on the page").atMost(PROCESSING_TIMEOUT)
                .until(() -> browser.rows("dead-letter-row").stream()
                        .filter(row -> newsId.equals(row.get("correlationId")) && "DLQ.news".equals(row.get("queue")))
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** @return the queues of the {@code rows} that carry {@code correlationId} */
    private static List<String> queues(List<Map<String, String>> rows, String correlationId) {
        return rows.stream().filter(row -> correlationId.equals(row.get("correlationId")))
                .map(row -> row.get("queue")).toList();
    }

    private static JsonObject state() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(page.resolve("api/state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static List<JsonObject> rows(JsonObject state, String table) {
        return state.getJsonArray(table).getValuesAs(JsonValue::asJsonObject);
    }

    private static List<String> strings(JsonObject state, String table, String field) {
        return rows(state, table).stream().map(row -> row.getString(field)).toList();
    }
}
