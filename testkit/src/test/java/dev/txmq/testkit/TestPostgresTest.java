package dev.txmq.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TestPostgresTest {

    private static final TestPostgres PG = TestPostgres.shared();

    @BeforeAll
    static void createTable() throws SQLException {
        update("CREATE TABLE probe (id int PRIMARY KEY)");
    }

    @Test
    void connectsAsTxmqToDatabaseTxmq() throws SQLException {
        assertEquals("txmq txmq", query("SELECT current_user || ' ' || current_database()"));
        assertEquals("jdbc:postgresql://127.0.0.1:" + PG.port() + "/txmq", PG.jdbcUrl());
    }

    @Test
    void serverAllowsPreparedTransactionsAndKeepsFsync() throws SQLException {
        assertEquals("64", query("SHOW max_prepared_transactions"));
        assertEquals("200", query("SHOW max_connections"));
        assertEquals("on", query("SHOW fsync"));
        assertEquals("127.0.0.1", query("SHOW listen_addresses"));
    }

    @Test
    void preparedXaBranchIsListedUntilRolledBack() throws Exception {
        Xid xid = new SimpleXid(4711, "gtrid-rollback", "bqual-1");
        XAConnection xaConnection = PG.xaDataSource().getXAConnection();
        try {
            XAResource xa = xaConnection.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            try (Statement s = xaConnection.getConnection().createStatement()) {
                s.executeUpdate("INSERT INTO probe VALUES (1)");
            }
            xa.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(xid));

            assertEquals(1, PG.preparedTransactions().size(), "prepared: " + PG.preparedTransactions());
            Xid recovered = Arrays.stream(xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                    .filter(x -> x.getFormatId() == xid.getFormatId()).findFirst().orElseThrow();
            assertArrayEquals(xid.getGlobalTransactionId(), recovered.getGlobalTransactionId());

            xa.rollback(xid);
        } finally {
            xaConnection.close();
        }
        assertEquals(List.of(), PG.preparedTransactions());
        assertEquals("0", query("SELECT count(*) FROM probe"));
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = PG.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), "no row from " + sql);
            return rs.getString(1);
        }
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    /** A fixed Xid, enough for one branch on one resource manager. */
    private record SimpleXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {

        SimpleXid(int formatId, String gtrid, String bqual) {
            this(formatId, gtrid.getBytes(StandardCharsets.US_ASCII), bqual.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual.clone();
        }
    }
}
