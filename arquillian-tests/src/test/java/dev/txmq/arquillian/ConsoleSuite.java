package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.txmq.testing.TxmqAssertions.assertThatDeadLetters;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.arquillian.replay.ReplayHandler;
import dev.txmq.api.Queues;
import dev.txmq.testing.ConsoleQueues;
import dev.txmq.testing.TxmqTesting;
import dev.txmq.testkit.PostgresExtension;

/**
 * The operations console and API on a real server: dead letters made by a failing message-driven
 * bean, triaged by reason, replayed by reason once the cause is fixed (their rows then appear once
 * each), a poison message held at the replay cap, and the console closed to everyone without role
 * txmq-admin and to cross-site requests. The console war is the one the build made, unchanged.
 */
@ExtendWith(PostgresExtension.class) // first: the server's datasource points at this PostgreSQL
@ExtendWith(ArquillianExtension.class)
abstract class ConsoleSuite {

    private static final String DLQ = "api/queues/DLQ." + ReplayHandler.QUEUE;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private ConsoleApi admin;
    /** The same endpoints through the users' test kit. */
    private Queues queues;

    @ArquillianResource
    @OperateOnDeployment("console")
    private URL console;

    @ArquillianResource
    @OperateOnDeployment("replay")
    private URL app;

    /** Where this server answers MicroProfile Health's readiness. */
    abstract URI readiness();

    /** The console war as the build made it. */
    static WebArchive console() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("txmq.test.samples.dir"), "txmq-console.war"));
    }

    static WebArchive replayApp(TargetServer server) {
        return server.deployable(ShrinkWrap.create(WebArchive.class, "replay.war").addPackage(ReplayHandler.class.getPackage()));
    }

    @BeforeAll
    static void createTable() throws Exception {
        Sql.execute("CREATE TABLE IF NOT EXISTS replay_rows (message_id TEXT NOT NULL, run TEXT NOT NULL)");
    }

    @BeforeEach
    void emptyTheDeadLetterQueue() throws Exception {
        admin = ConsoleApi.admin(console);
        queues = ConsoleQueues.connect(console.toURI(), System.getProperty("txmq.test.console.admin"),
                System.getProperty("txmq.test.console.password"));
        TxmqTesting.drain(queues, ReplayHandler.QUEUE);
    }

    @Test
    void deadLettersAreCountedByReasonAndReplayedByReasonOnceTheCauseIsFixed() throws Exception {
        send(1000, null);
        assertThatDeadLetters(queues, ReplayHandler.QUEUE).within(DEADLINE).hasMessageCount(1000)
                .hasFailure("java.util.concurrent.TimeoutException");

        assertThat(failureCounts()).containsExactly(Map.entry("java.sql.SQLTransientException", 500L),
                Map.entry("java.util.concurrent.TimeoutException", 300L), Map.entry("java.lang.IllegalStateException", 200L));
        fix("timeout");
        String timeouts = "{\"exception\":\"java.util.concurrent.TimeoutException\"";
        JsonObject dryRun = admin.post(DLQ + "/replay", timeouts + ",\"dryRun\":true}").json().asJsonObject();
        assertThat(dryRun.getInt("matched")).isEqualTo(300);
        assertThat(dryRun.getInt("moved")).isZero();
        assertThat(admin.get(DLQ).number("messages")).isEqualTo(1000);

        JsonObject replayed = admin.post(DLQ + "/replay", timeouts + "}").json().asJsonObject();

        assertThat(replayed.getInt("moved")).isEqualTo(300);
        await().atMost(DEADLINE).until(() -> rows() == 300);
        assertThat(Sql.number("SELECT COUNT(DISTINCT message_id) FROM replay_rows WHERE run = ?", run)).isEqualTo(300);
        assertThat(failureCounts()).containsExactly(Map.entry("java.sql.SQLTransientException", 500L),
                Map.entry("java.lang.IllegalStateException", 200L));
        assertThat(admin.get(DLQ).number("messages")).isEqualTo(700);
        assertThat(admin.get("api/queues/" + ReplayHandler.QUEUE).number("messages")).isZero();
        assertThat(rows()).as("no replayed order twice").isEqualTo(300);
    }

    @Test
    void aPoisonMessageStopsAtTheReplayCapUnlessForced() throws Exception {
        send(1, "poison");
        assertThatDeadLetters(queues, ReplayHandler.QUEUE).within(DEADLINE).hasMessageCount(1);

        for (int round = 1; round <= 3; round++) { // maxReplays is 3 by default
            assertThat(admin.post(DLQ + "/replay", "{}").number("moved")).isEqualTo(1);
            int replays = round;
            await().atMost(DEADLINE).until(() -> admin.get(DLQ).number("messages") == 1
                    && replayCount() == replays);
        }
        JsonObject capped = admin.post(DLQ + "/replay", "{}").json().asJsonObject();
        assertThat(capped.getInt("moved")).isZero();
        assertThat(capped.getInt("keptAtReplayCap")).isEqualTo(1);
        assertThat(admin.post(DLQ + "/replay", "{\"force\":true}").number("moved")).isEqualTo(1);
        await().atMost(DEADLINE).until(() -> admin.get(DLQ).number("messages") == 1 && replayCount() == 4);
    }

    @Test
    void withoutRoleTxmqAdminThePageAndEveryEndpointAreForbidden() throws Exception {
        ConsoleApi guest = ConsoleApi.guest(console);
        ConsoleApi anonymous = new ConsoleApi(console, null, null);

        assertThat(guest.get("").status()).isEqualTo(403);
        assertThat(guest.get("api/queues").status()).isEqualTo(403);
        assertThat(guest.get(DLQ + "/failures").status()).isEqualTo(403);
        assertThat(guest.post(DLQ + "/replay", "{}").status()).isEqualTo(403);
        assertThat(guest.post(DLQ + "/purge", "{}").status()).isEqualTo(403);
        assertThat(anonymous.get("").status()).isEqualTo(401);
        assertThat(anonymous.get("api/queues").status()).isEqualTo(401);
        assertThat(admin.get("").status()).isEqualTo(200);
        assertThat(admin.get("").body()).contains("txmq console");
    }

    @Test
    void aCrossSiteRequestChangesNothing() throws Exception {
        send(3, "poison");
        assertThatDeadLetters(queues, ReplayHandler.QUEUE).within(DEADLINE).hasMessageCount(3);

        // what a form on another site can send with the administrator's credentials: no console header
        assertThat(admin.postWith(DLQ + "/purge", "text/plain", "{}").status()).isEqualTo(403);
        assertThat(admin.postWith(DLQ + "/purge", "application/json", "{}", "Origin", "https://evil.example").status()).isEqualTo(403);
        assertThat(admin.postWith(DLQ + "/purge", "application/json", "{}", ConsoleApi.CSRF_HEADER, "1",
                "Origin", "https://evil.example").status()).isEqualTo(403);
        assertThat(admin.get(DLQ).number("messages")).isEqualTo(3);
    }

    @Test
    void theReadinessCheckReportsTxmqUpWithItsBrokerAndConsumers() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(readiness()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonObject txmq = Json.createReader(new StringReader(ready.body())).readObject().getJsonArray("checks")
                .getValuesAs(JsonObject.class).stream().filter(check -> check.getString("name").equals("txmq")).findFirst()
                .orElseThrow(() -> new AssertionError("no txmq check in " + ready.body()));
        assertThat(txmq.getString("status")).isEqualTo("UP");
        // a boolean on WildFly, the string "true" on Payara
        assertThat(txmq.getJsonObject("data").get("brokerReachable").toString().replace("\"", "")).isEqualTo("true");
        assertThat(txmq.getJsonObject("data").getString("consumer " + ReplayHandler.QUEUE)).isEqualTo("consuming");
        JsonObject status = admin.get("api/status").json().asJsonObject();
        assertThat(status.getBoolean("brokerReachable")).isTrue();
        assertThat(status.getString("broker")).isEqualTo("the embedded broker");
    }

    @Test
    void badRequestsAnswerAProblemNamingTheValue() throws Exception {
        ConsoleApi.Answer unknown = admin.get("api/queues/no-such-queue");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().asJsonObject().getString("detail")).contains("no-such-queue");
        assertThat(admin.get("api/queues/" + ReplayHandler.QUEUE + "/messages?limit=0").status()).isEqualTo(400);
        ConsoleApi.Answer notDead = admin.post("api/queues/" + ReplayHandler.QUEUE + "/replay", "{}");
        assertThat(notDead.status()).isEqualTo(400);
        assertThat(notDead.json().asJsonObject().getString("detail")).contains("is not a dead-letter queue");
        assertThat(admin.post(DLQ + "/purge", "{\"where\":\"tenant = \",\"dryRun\":true}").status()).isEqualTo(400);
    }

    private Map<String, Long> failureCounts() throws Exception {
        JsonObject byException = admin.get(DLQ + "/failures").json().asJsonObject().getJsonObject("byException");
        return byException.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> ((JsonNumber) entry.getValue()).longValue(), (a, b) -> a, LinkedHashMap::new));
    }

    private long replayCount() throws Exception {
        JsonValue messages = admin.get(DLQ + "/messages").json();
        if (messages.asJsonArray().isEmpty()) {
            return -1;
        }
        JsonObject headers = messages.asJsonArray().getJsonObject(0).getJsonObject("headers");
        return headers.containsKey("txmqReplayCount") ? Long.parseLong(headers.getString("txmqReplayCount")) : 0;
    }

    private long rows() throws Exception {
        return Sql.number("SELECT COUNT(*) FROM replay_rows WHERE run = ?", run);
    }

    private void send(int count, String fail) throws Exception {
        post("replay?run=" + run + "&count=" + count + (fail == null ? "" : "&fail=" + fail));
    }

    private void fix(String kind) throws Exception {
        post("replay?fix=" + kind);
    }

    private void post(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(app.toURI().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }
}
