package dev.txmq.crash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;

import dev.txmq.crash.app.Order;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.TestPostgres;

/**
 * What the tests read from outside the server: the rows in PostgreSQL, the messages the broker holds
 * (reached through the embedded broker's TCP acceptor, or at an external broker's URL), the in-doubt
 * branches of both.
 *
 * <p>The audit and shipped queues have no consumer: {@link #drainMessages} takes what they hold and adds
 * it to this ledger's counts, so later checks still see every message ever published.
 */
final class Ledger {

    private final List<String> brokerUrls;
    private final String user; // null: anonymous
    private final String password;
    private final Map<String, Integer> audit = new HashMap<>();
    private final Map<String, Integer> shipped = new HashMap<>();

    /** A ledger of the embedded broker, reached through its acceptor ({@code txmq.test.acceptor.url}). */
    Ledger() {
        this(System.getProperty("txmq.test.acceptor.url"));
    }

    /** A ledger of the broker at {@code brokerUrl}. */
    Ledger(String brokerUrl) {
        this(List.of(brokerUrl));
    }

    /** A ledger of the brokers of a cluster: each node is asked for its own messages and branches. */
    Ledger(List<String> brokerUrls) {
        this(brokerUrls, null, null);
    }

    /** A ledger of brokers that need a login. */
    Ledger(List<String> brokerUrls, String user, String password) {
        this.brokerUrls = List.copyOf(brokerUrls);
        this.user = user;
        this.password = password;
    }

    static void createTables() throws SQLException {
        execute("CREATE TABLE IF NOT EXISTS crash_orders (id TEXT PRIMARY KEY)",
                // no unique constraint: a duplicate delivery shows as a second row
                "CREATE TABLE IF NOT EXISTS crash_consumed (message_id TEXT NOT NULL, order_id TEXT NOT NULL)",
                // the poison consumer's attempts, each committed on its own (clock_timestamp: the time of the insert)
                "CREATE TABLE IF NOT EXISTS crash_attempts (order_id TEXT NOT NULL, attempt INT NOT NULL, node TEXT NOT NULL,"
                        + " at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
    }

    /** Moves the messages now in the audit and shipped queues into this ledger's counts. */
    void drainMessages() throws Exception {
        for (String brokerUrl : brokerUrls) {
            try (BrokerProbe probe = new BrokerProbe(brokerUrl, user, password)) {
                count(probe.drainBodies(Order.AUDIT), audit);
                count(probe.drainBodies(Order.SHIPPED), shipped);
            }
        }
    }

    private static void count(List<String> bodies, Map<String, Integer> counts) {
        for (String body : bodies) {
            counts.merge(orderId(body), 1, Integer::sum);
        }
    }

    /** {"orderId":"X"} -> X; anything else is kept whole, so it shows in a failure. */
    private static String orderId(String body) {
        String prefix = "{\"orderId\":\"";
        return body.startsWith(prefix) && body.endsWith("\"}") ? body.substring(prefix.length(), body.length() - 2) : body;
    }

    /** Messages of the orders queue not yet consumed (including ones being delivered or scheduled for retry). */
    long pendingOrders() {
        long pending = 0;
        for (String brokerUrl : brokerUrls) {
            try (BrokerProbe probe = new BrokerProbe(brokerUrl, user, password)) {
                pending += probe.count(Order.ORDERS);
            }
        }
        return pending;
    }

    /** Order ids with {@code prefix} committed in crash_orders. */
    List<String> orders(String prefix) throws SQLException {
        return strings("SELECT id FROM crash_orders WHERE id LIKE ? ORDER BY id", prefix + "%");
    }

    /** Order id -> consumer rows, for the ids with {@code prefix}. */
    Map<String, Integer> consumed(String prefix) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        for (String id : strings("SELECT order_id FROM crash_consumed WHERE order_id LIKE ?", prefix + "%")) {
            rows.merge(id, 1, Integer::sum);
        }
        return rows;
    }

    Map<String, Integer> audit(String prefix) {
        return withPrefix(audit, prefix);
    }

    Map<String, Integer> shipped(String prefix) {
        return withPrefix(shipped, prefix);
    }

    private static Map<String, Integer> withPrefix(Map<String, Integer> counts, String prefix) {
        Map<String, Integer> selected = new HashMap<>();
        counts.forEach((id, n) -> {
            if (id.startsWith(prefix)) {
                selected.put(id, n);
            }
        });
        return selected;
    }

    /** PostgreSQL's prepared transactions (pg_prepared_xacts). */
    static List<String> preparedInDatabase() throws SQLException {
        return TestPostgres.shared().preparedTransactions();
    }

    /** The broker's prepared transactions, as an XA client's recover() lists them. */
    List<String> preparedInBroker() throws Exception {
        List<String> xids = new ArrayList<>();
        for (String brokerUrl : brokerUrls) {
            xids.addAll(preparedIn(brokerUrl, user, password));
        }
        return xids;
    }

    /** The prepared transactions of the broker at {@code brokerUrl} (one node). */
    static List<String> preparedIn(String brokerUrl) throws Exception {
        return preparedIn(brokerUrl, null, null);
    }

    private static List<String> preparedIn(String brokerUrl, String user, String password) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(brokerUrl);
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(user, password, true, false, false, false, 0)) {
            List<String> xids = new ArrayList<>();
            for (Xid xid : session.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) {
                xids.add(xid.toString());
            }
            return xids;
        }
    }

    static void execute(String... statements) throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> strings(String query, String parameter) throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
