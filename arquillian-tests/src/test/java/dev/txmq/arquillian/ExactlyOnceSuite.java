package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.arquillian.ledger.LedgerHandler;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.PostgresExtension;
import dev.txmq.testkit.TestPostgres;

/**
 * Exactly once, in volume: 500 messages through a message-driven bean that INSERTs a row and sends a
 * message, one attempt in ten failing after both. The table has no unique constraint, so a receipt
 * that did not commit with its row would show as a duplicate row; a send that outlived its rollback,
 * as a duplicate message.
 */
@ExtendWith(PostgresExtension.class) // first: the server's datasource points at this PostgreSQL
@ExtendWith(ArquillianExtension.class)
abstract class ExactlyOnceSuite {

    private static final int MESSAGES = 500;
    private static final String QUEUE = "ledger-it";
    private static final String OUTPUT = "ledger-out-it";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BrokerProbe broker;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @ArquillianResource
    private URL base;

    static WebArchive ledger(TargetServer server) {
        return server.deployable(ShrinkWrap.create(WebArchive.class, "ledger.war").addPackage(LedgerHandler.class.getPackage()));
    }

    abstract TargetServer server();

    @BeforeAll
    static void prepare() throws Exception {
        Sql.execute("CREATE TABLE IF NOT EXISTS ledger_entries (message_id TEXT NOT NULL, run TEXT NOT NULL, seq INT NOT NULL)");
        broker = new BrokerProbe(System.getProperty("txmq.test.acceptor.url"));
        broker.drain(OUTPUT);
        broker.drain("DLQ." + QUEUE);
    }

    @AfterAll
    static void closeProbe() {
        broker.close();
    }

    @Test
    void everyMessageLeavesOneRowAndOneMessageDespiteRandomFailures() throws Exception {
        ServerLog log = server().log();
        HttpResponse<String> sent = HTTP.send(request("POST", "ledger?run=" + run + "&count=" + MESSAGES),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Progress progress = progress();
            assertThat(progress.settled()).as(progress.toString()).isTrue();
        });

        assertThat(failedAttempts()).as("failed attempts (about one in ten)").isGreaterThan(MESSAGES / 20);
        assertThat(rows("count(*)")).as("rows").isEqualTo(MESSAGES);
        assertThat(rows("count(DISTINCT message_id)")).as("distinct message ids").isEqualTo(MESSAGES);
        assertThat(rows("count(DISTINCT seq)")).as("distinct entries").isEqualTo(MESSAGES);
        List<String> output = broker.drainBodies(OUTPUT);
        assertThat(output).as("messages sent by the handler").hasSize(MESSAGES);
        assertThat(Set.copyOf(output)).as("distinct messages sent by the handler").isEqualTo(expectedOutput());
        assertThat(broker.count("DLQ." + QUEUE)).as("dead-lettered").isZero();
        assertThat(TestPostgres.shared().preparedTransactions()).as("in-doubt PostgreSQL branches").isEmpty();
        // the server reports each system exception of a bean; nothing else may be an error
        assertThat(log.errors()).allMatch(record -> server().reportsSystemException(record) && record.contains("(on purpose)"));
    }

    /** Receipts commit before their rows and sends (branches commit in enlistment order): wait for all three. */
    private record Progress(long queued, long rows, long sent) {
        boolean settled() {
            return queued == 0 && rows >= MESSAGES && sent >= MESSAGES;
        }
    }

    private Progress progress() throws SQLException {
        return new Progress(broker.count(QUEUE), rows("count(*)"), broker.count(OUTPUT));
    }

    private long rows(String aggregate) throws SQLException {
        return Sql.number("SELECT " + aggregate + " FROM ledger_entries WHERE run = ?", run);
    }

    private Set<String> expectedOutput() {
        return IntStream.range(0, MESSAGES).mapToObj(seq -> "{\"run\":\"" + run + "\",\"seq\":" + seq + "}")
                .collect(Collectors.toSet());
    }

    private int failedAttempts() throws Exception {
        return Integer.parseInt(HTTP.send(request("GET", "ledger"), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
}
