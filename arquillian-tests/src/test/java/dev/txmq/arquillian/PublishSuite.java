package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.arquillian.publish.OrdersServlet;
import dev.txmq.arquillian.publish.Outcome;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.PostgresExtension;
import dev.txmq.testkit.TestPostgres;

/**
 * Atomic publish on a real server: txmq.rar installed by the server's install script with its
 * embedded broker, an XA datasource to PostgreSQL, the server's transaction manager coordinating. A
 * {@code @Stateless} bean and a CDI {@code @Transactional} bean INSERT an order and send it to two
 * queues; the test checks the table and the broker's queues from outside the server.
 */
@ExtendWith(PostgresExtension.class) // first: the server's datasource points at this PostgreSQL
@ExtendWith(ArquillianExtension.class)
abstract class PublishSuite {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BrokerProbe broker;
    private final String id = UUID.randomUUID().toString();
    private final String queues = "it-" + id.substring(0, 8);

    @ArquillianResource
    private URL base;

    /** The application: it sees dev.txmq.api through the deployed adapter and does not bundle it. */
    static WebArchive orders(TargetServer server) {
        return server.deployable(ShrinkWrap.create(WebArchive.class, "orders.war").addPackage(OrdersServlet.class.getPackage()));
    }

    abstract TargetServer server();

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, item TEXT NOT NULL)");
            ddl.execute("CREATE TABLE IF NOT EXISTS order_codes (code TEXT,"
                    + " CONSTRAINT unique_code UNIQUE (code) DEFERRABLE INITIALLY DEFERRED)");
        }
        broker = new BrokerProbe(System.getProperty("txmq.test.acceptor.url"));
    }

    @AfterAll
    static void closeProbe() {
        broker.close();
    }

    @AfterEach
    void noBranchLeftInDoubt() throws SQLException {
        assertThat(TestPostgres.shared().preparedTransactions()).as("in-doubt PostgreSQL branches").isEmpty();
    }

    @Test
    void statelessBeanCommitPublishesTheRowAndBothMessages() throws Exception {
        assertCommitted(place("ejb", Outcome.COMMIT, false));
    }

    @Test
    void statelessBeanExceptionDiscardsTheRowAndBothMessages() throws Exception {
        HttpResponse<String> response = place("ejb", Outcome.THROW, false);
        assertThat(response.statusCode()).isEqualTo(500);
        assertRolledBack(response);
    }

    @Test
    void statelessBeanSetRollbackOnlyDiscardsTheRowAndBothMessages() throws Exception {
        assertRolledBack(place("ejb", Outcome.ROLLBACK_ONLY, false));
    }

    @Test
    void transactionalBeanCommitPublishesTheRowAndBothMessages() throws Exception {
        assertCommitted(place("cdi", Outcome.COMMIT, false));
    }

    @Test
    void transactionalBeanExceptionDiscardsTheRowAndBothMessages() throws Exception {
        assertRolledBack(place("cdi", Outcome.THROW, false));
    }

    @Test
    void transactionalBeanSetRollbackOnlyDiscardsTheRowAndBothMessages() throws Exception {
        assertRolledBack(place("cdi", Outcome.ROLLBACK_ONLY, false));
    }

    @Test
    void aConstraintThatFailsAtCommitTakesTheMessagesWithIt() throws Exception {
        HttpResponse<String> response = place("ejb", Outcome.VIOLATE_AT_COMMIT, false);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500); // WildFly: RollbackException; Payara: "Transaction aborted"
        assertRolledBack(response);
    }

    @Test
    void sendsBeforeTheInsertCommitWithIt() throws Exception {
        assertCommitted(place("ejb", Outcome.COMMIT, true));
    }

    @Test
    void sendsBeforeTheInsertRollBackWithIt() throws Exception {
        assertRolledBack(place("cdi", Outcome.THROW, true));
    }

    private HttpResponse<String> place(String bean, Outcome outcome, boolean sendFirst) throws Exception {
        URI uri = base.toURI().resolve("orders?bean=" + bean + "&id=" + id + "&queues=" + queues
                + "&outcome=" + outcome + "&sendFirst=" + sendFirst);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void assertCommitted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(orderExists()).isTrue();
        String event = "{\"item\":\"book\",\"orderId\":\"" + id + "\"}";
        assertThat(broker.drainBodies(queues + "-orders")).containsExactly(event);
        assertThat(broker.drainBodies(queues + "-audit")).containsExactly(event);
    }

    /** A rollback-only transaction ends without an exception (204); one that threw answers 500. */
    private void assertRolledBack(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isIn(204, 500);
        assertThat(orderExists()).isFalse();
        assertThat(broker.drain(queues + "-orders")).isEmpty();
        assertThat(broker.drain(queues + "-audit")).isEmpty();
    }

    private boolean orderExists() throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM orders WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
