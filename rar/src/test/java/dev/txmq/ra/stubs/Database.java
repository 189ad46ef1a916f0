package dev.txmq.ra.stubs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;

import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;

import dev.txmq.testkit.TestPostgres;

/** The application's database: a real PostgreSQL, reached through its XA data source as a server would. */
public final class Database {

    private Database() {}

    public static void createTables() throws SQLException {
        try (Connection c = TestPostgres.shared().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, item TEXT NOT NULL)");
        }
    }

    /** INSERTs an order in the current JTA transaction, enlisting PostgreSQL as an XA branch. */
    public static void insertOrder(String id, String item) throws Exception {
        insertOrder(id, item, UnaryOperator.identity());
    }

    public static void insertOrder(String id, String item, UnaryOperator<XAResource> enlistAs) throws Exception {
        XAConnection xa = TestPostgres.shared().xaDataSource().getXAConnection();
        Transaction transaction = Narayana.transactionManager().getTransaction();
        transaction.enlistResource(enlistAs.apply(xa.getXAResource()));
        Narayana.registry().registerInterposedSynchronization(closeAfterCompletion(xa)); // allowed in beforeCompletion too
        try (Connection c = xa.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, item);
            insert.executeUpdate();
        }
    }

    /** Whether the order is committed, as any other client of the database sees it. */
    public static boolean orderExists(String id) throws SQLException {
        try (Connection c = TestPostgres.shared().dataSource().getConnection();
             PreparedStatement query = c.prepareStatement("SELECT 1 FROM orders WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    public static List<String> preparedTransactions() throws SQLException {
        return new ArrayList<>(TestPostgres.shared().preparedTransactions());
    }

    private static Synchronization closeAfterCompletion(XAConnection xa) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                try {
                    xa.close();
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not close a PostgreSQL XA connection", e);
                }
            }
        };
    }
}
