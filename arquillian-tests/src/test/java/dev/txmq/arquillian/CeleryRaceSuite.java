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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.arquillian.welcome.SignUp;
import dev.txmq.testkit.PostgresExtension;
import dev.txmq.testkit.TestPostgres;

/**
 * The Celery race (seed 002) cannot happen: a transaction INSERTs a user, sends a welcome message and
 * stays open for another second; the message-driven bean that receives it looks the user up. Since
 * the message becomes visible only after the INSERT committed, the consumer finds every user,
 * whether the send comes after the INSERT or before it.
 */
@ExtendWith(PostgresExtension.class) // first: the server's datasource points at this PostgreSQL
@ExtendWith(ArquillianExtension.class)
abstract class CeleryRaceSuite {

    private static final int USERS = 20;
    private static final int AT_ONCE = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PERSISTENCE_XML = """
            <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                <persistence-unit name="welcome">
                    <jta-data-source>%s</jta-data-source>
                    <class>dev.txmq.arquillian.welcome.WelcomeUser</class>
                </persistence-unit>
            </persistence>
            """;

    private final String run = "user-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @ArquillianResource
    private URL base;

    static WebArchive welcome(TargetServer server) {
        return server.deployable(ShrinkWrap.create(WebArchive.class, "welcome.war")
                .addPackage(SignUp.class.getPackage())
                .addAsResource(new StringAsset(PERSISTENCE_XML.formatted(server.dataSource())), "META-INF/persistence.xml"));
    }

    abstract TargetServer server();

    @BeforeAll
    static void createTables() throws SQLException {
        Sql.execute("CREATE TABLE IF NOT EXISTS welcome_users (id TEXT PRIMARY KEY, email TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS welcome_lookups (user_id TEXT NOT NULL, found BOOLEAN NOT NULL)");
    }

    @AfterEach
    void nothingLeftInDoubt() throws SQLException {
        assertThat(TestPostgres.shared().preparedTransactions()).as("in-doubt PostgreSQL branches").isEmpty();
    }

    @Test
    void theConsumerFindsEveryUserWhenTheSendFollowsTheInsert() throws Exception {
        ServerLog log = server().log();
        signUpConcurrently(false);

        assertEveryUserWasFound();
        assertThat(log.errors()).isEmpty();
    }

    @Test
    void theConsumerFindsEveryUserWhenTheSendPrecedesTheInsert() throws Exception {
        ServerLog log = server().log();
        signUpConcurrently(true);

        assertEveryUserWasFound();
        assertThat(log.errors()).isEmpty();
    }

    /**
     * With JPA the row is written by Hibernate's flush at commit, in a synchronization registered after
     * txmq's. Every commit of PostgreSQL is held back 50 ms here ({@code commit_delay}), so a broker
     * that committed first would hand the message to the consumer well before the user is there.
     */
    @Test
    void theConsumerFindsEveryUserWhenTheSendPrecedesAJpaPersist() throws Exception {
        ServerLog log = server().log();
        Sql.execute("ALTER SYSTEM SET commit_delay = 50000", "ALTER SYSTEM SET commit_siblings = 0", "SELECT pg_reload_conf()");
        try {
            for (int i = 0; i < USERS; i++) {
                HttpResponse<String> response = HTTP.send(post("signup?id=" + run + i + "&jpa=true"), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            }
            assertEveryUserWasFound();
        } finally {
            Sql.execute("ALTER SYSTEM RESET commit_delay", "ALTER SYSTEM RESET commit_siblings", "SELECT pg_reload_conf()");
        }
        assertThat(log.errors()).isEmpty();
    }

    /**
     * {@value #USERS} sign-ups, {@value #AT_ONCE} at a time: each holds a pooled database connection
     * for its second, and the consumer must not wait for one of them to be released (max-pool-size 20),
     * or the wait itself would let the sign-ups commit first and hide the race.
     */
    private void signUpConcurrently(boolean sendFirst) throws Exception {
        for (int wave = 0; wave < USERS; wave += AT_ONCE) {
            List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(wave, wave + AT_ONCE)
                    .mapToObj(i -> HTTP.sendAsync(signUp(run + i, sendFirst), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(204);
            }
        }
    }

    private HttpRequest signUp(String userId, boolean sendFirst) {
        return post("signup?id=" + userId + "&sendFirst=" + sendFirst);
    }

    private HttpRequest post(String path) {
        URI uri = URI.create(base + path);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private void assertEveryUserWasFound() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> lookups("") >= USERS);
        assertThat(lookups("")).as("lookups of the %d users", USERS).isEqualTo(USERS);
        assertThat(lookups("AND found")).as("users the consumer found, of %d", USERS).isEqualTo(USERS);
    }

    private long lookups(String condition) throws SQLException {
        return Sql.number("SELECT count(*) FROM welcome_lookups WHERE user_id LIKE ? " + condition, run + "%");
    }
}
