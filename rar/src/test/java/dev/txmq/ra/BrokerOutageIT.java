package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.resource.spi.ManagedConnection;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.Publisher;
import dev.txmq.ra.outbound.PublisherManagedConnectionFactory;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.Narayana;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.PostgresExtension;

/** An external broker that is down, or goes away: clear errors, nothing committed, recovery when it is back. */
@ExtendWith(PostgresExtension.class)
class BrokerOutageIT {

    private final TransactionManager tm = Narayana.transactionManager();
    private final String queue = "orders-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anUnreachableBrokerFailsTheSendQuicklyAndRollsTheTransactionBack() throws Exception {
        Database.createTables();
        String url = "tcp://127.0.0.1:" + StandaloneAdapter.freePort();
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url)) {
            String order = UUID.randomUUID().toString();
            tm.begin();
            Database.insertOrder(order, "book");
            Publisher publisher = txmq.factory().createPublisher();
            // same thread (not preemptive): the failed send must mark this thread's transaction
            assertTimeout(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> publisher.send(queue, "x"))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("the broker at " + url)
                    .hasMessageContaining(queue)
                    .hasMessageContaining("Check that the broker is running"));
            assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);
            assertThat(Database.orderExists(order)).isFalse();

            assertThatThrownBy(() -> txmq.factory().createPublisher().send(queue, "outside a transaction"))
                    .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining(url);
        }
    }

    @Test
    void aBrokerThatGoesAwayEvictsTheConnectionAndPublishingResumesWhenItIsBack() throws Exception {
        Path journal = Path.of("target", "broker-" + UUID.randomUUID());
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal);
        String url = broker.acceptorUrl();
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url)) {
            txmq.factory().createPublisher().send(queue, "before");
            broker.close();
            assertThatThrownBy(() -> txmq.factory().createPublisher().send(queue, "during"))
                    .isInstanceOf(BrokerUnavailableException.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(txmq.pool().destroyed()).as("broken connections evicted").isEqualTo(1));

            broker = StandaloneAdapter.embedded(journal, url);
            txmq.factory().createPublisher().send(queue, "after");
            try (BrokerProbe probe = broker.probe()) {
                assertThat(probe.drainBodies(queue)).containsExactly("\"before\"", "\"after\"");
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void aLostConnectionIsReportedAsRmFailNotRmErr() throws Exception {
        Path journal = Path.of("target", "broker-" + UUID.randomUUID());
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal);
        try (StandaloneAdapter txmq = StandaloneAdapter.external(broker.acceptorUrl())) {
            PublisherManagedConnectionFactory definition = new PublisherManagedConnectionFactory();
            definition.setResourceAdapter(txmq.adapter());
            ManagedConnection connection = definition.createManagedConnection(null, null);
            XAResource xa = connection.getXAResource();
            Xid xid = new TestXid();
            xa.start(xid, XAResource.TMNOFLAGS);
            xa.end(xid, XAResource.TMSUCCESS);
            broker.close();

            assertThatThrownBy(() -> xa.prepare(xid)).isInstanceOfSatisfying(XAException.class,
                    e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_RMFAIL));
            assertThatThrownBy(() -> xa.commit(xid, true)).isInstanceOfSatisfying(XAException.class,
                    e -> assertThat(e.errorCode).isEqualTo(XAException.XA_RETRY));
            connection.destroy();
        } finally {
            broker.close();
        }
    }

    private static final class TestXid implements Xid {
        private final byte[] id = UUID.randomUUID().toString().getBytes();

        @Override public int getFormatId() { return 4242; }
        @Override public byte[] getGlobalTransactionId() { return id; }
        @Override public byte[] getBranchQualifier() { return new byte[] {1}; }
    }
}
