package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ManagedConnection;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;
import dev.txmq.ra.outbound.PublisherManagedConnectionFactory;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.Narayana;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.PostgresExtension;

/** An external broker that is down, or goes away: clear errors, nothing committed, recovery when it is back. */
@ExtendWith(PostgresExtension.class)
class BrokerOutageIT {

    private static final int SENDERS = 8;
    private static final long FAIL_FAST_MS = 1500;

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
    void aBrokerThatWentDownAfterBeingUsedFailsEverySenderFast() throws Exception {
        Database.createTables();
        Path journal = Path.of("target", "broker-" + UUID.randomUUID());
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal);
        String url = broker.acceptorUrl();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url)) {
            txmq.factory().createPublisher().send(queue, "before"); // the adapter has learnt the broker's topology
            broker.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> txmq.pool().destroyed() == 1); // each sender must connect

            List<Callable<Long>> orders = IntStream.range(0, SENDERS)
                    .mapToObj(n -> (Callable<Long>) () -> failingOrderMs(txmq, url, queue + "-" + n)).toList();
            List<Long> failedAfterMs = new ArrayList<>();
            for (Future<Long> order : senders.invokeAll(orders)) {
                failedAfterMs.add(order.get());
            }
            assertThat(failedAfterMs).as("ms until each of %d orders placed at once failed", SENDERS)
                    .allMatch(ms -> ms < FAIL_FAST_MS);
            for (int n = 0; n < SENDERS; n++) {
                assertThat(Database.orderExists(queue + "-" + n)).as("order %d committed", n).isFalse();
            }

            broker = StandaloneAdapter.embedded(journal, url);
            assertTimeout(Duration.ofSeconds(5), () -> txmq.factory().createPublisher().send(queue, "after"));
            try (BrokerProbe probe = broker.probe()) {
                assertThat(probe.drainBodies(queue)).containsExactly("\"before\"", "\"after\"");
            }
        } finally {
            senders.shutdownNow();
            broker.close();
        }
    }

    /** Places an order (a row and a message) with the broker down: the commit must fail. Returns how long it took. */
    private long failingOrderMs(StandaloneAdapter txmq, String url, String order) throws Exception {
        long started = System.nanoTime();
        tm.begin();
        Database.insertOrder(order, "book");
        txmq.factory().createPublisher().send(queue, order); // accepted: the queue is known, the message waits for the commit
        Throwable failure = catchThrowable(tm::commit);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(failure).isInstanceOf(RollbackException.class).cause()
                .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("the broker at " + url);
        return ms;
    }

    @Test
    void aPoolFailureWithoutATxmqCauseStillNamesTheBroker() throws Exception {
        String url = "tcp://127.0.0.1:" + StandaloneAdapter.freePort();
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url)) {
            PublisherManagedConnectionFactory definition = new PublisherManagedConnectionFactory();
            definition.setResourceAdapter(txmq.adapter());
            ConnectionManager failingPool = (factory, info) -> {
                throw new ResourceException("IJ000457: Unchecked throwable in managedConnectionReconnected()");
            };
            PublisherFactory publishers = (PublisherFactory) definition.createConnectionFactory(failingPool);

            assertThatThrownBy(() -> publishers.createPublisher().send(queue, "x"))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining(queue).hasMessageContaining("IJ000457")
                    .hasMessageContaining("the broker at " + url + " may be unreachable")
                    .hasMessageContaining("max-pool-size");
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

    /**
     * A commit the transaction manager decided, whose connection died before the broker answered: txmq
     * carries it to the broker (back by then) through a new connection within the commit, and a retry of
     * the same commit succeeds.
     */
    @Test
    void aCommitWhoseConnectionWasLostIsCarriedThroughANewOneWhenTheBrokerReturns() throws Exception {
        Path journal = Path.of("target", "broker-" + UUID.randomUUID());
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal);
        String url = broker.acceptorUrl();
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url)) {
            Branch branch = Branch.prepared(txmq, queue, "decided");
            broker.close();
            broker = StandaloneAdapter.embedded(journal, url); // a new broker process: the branch's connection stays dead

            branch.xa().commit(branch.xid(), false); // no XA_RETRY: carried within the commit's wait
            branch.xa().commit(branch.xid(), false); // the transaction manager's retry finds it done
            try (BrokerProbe probe = broker.probe()) {
                assertThat(probe.drainBodies(queue)).containsExactly("\"decided\"");
            }
            assertThat(Ledgers.prepared(url)).isEmpty();
        } finally {
            broker.close();
        }
    }

    /** A rollback that could not reach the broker is carried when it returns; nothing stays prepared. */
    @Test
    void aRollbackWhoseConnectionWasLostIsCarriedWhenTheBrokerReturns() throws Exception {
        Path journal = Path.of("target", "broker-" + UUID.randomUUID());
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal);
        String url = broker.acceptorUrl();
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url)) {
            Branch branch = Branch.prepared(txmq, queue, "undone");
            broker.close();
            assertThatThrownBy(() -> branch.xa().rollback(branch.xid())).isInstanceOfSatisfying(XAException.class,
                    e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_RMFAIL));

            broker = StandaloneAdapter.embedded(journal, url);
            await().atMost(Duration.ofSeconds(20)).until(() -> Ledgers.prepared(url).isEmpty());
            branch.xa().rollback(branch.xid()); // the transaction manager's retry finds it done
            try (BrokerProbe probe = broker.probe()) {
                assertThat(probe.drainBodies(queue)).isEmpty();
            }
        } finally {
            broker.close();
        }
    }

    /** A prepared branch with one send, on a session of the adapter's own (as the pool's connections have). */
    private record Branch(BrokerXAResource xa, Xid xid) {
        static Branch prepared(StandaloneAdapter txmq, String queue, String body) throws Exception {
            Broker broker = txmq.adapter().broker();
            ClientSessionFactory connection = broker.connect();
            broker.ensureQueueOn(connection, queue);
            ClientSession session = broker.openSession(connection, true);
            BrokerXAResource xa = BrokerXAResource.forSends(broker, session.getXAResource(), broker.nodeId(connection), () -> { });
            Xid xid = new TestXid();
            xa.start(xid, XAResource.TMNOFLAGS);
            ClientMessage message = session.createMessage(Message.TEXT_TYPE, true);
            TextMessageUtil.writeBodyText(message.getBodyBuffer(), SimpleString.of("\"" + body + "\""));
            session.createProducer(queue).send(message);
            xa.end(xid, XAResource.TMSUCCESS);
            assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK);
            return new Branch(xa, xid);
        }
    }

    /** The prepared branches of the broker at a URL. */
    private static final class Ledgers {
        static List<Xid> prepared(String url) throws Exception {
            try (ServerLocator locator = ActiveMQClient.createServerLocator(url);
                 ClientSessionFactory factory = locator.createSessionFactory();
                 ClientSession session = factory.createSession(true, false, false)) {
                return List.of(session.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
            }
        }
    }

    private static final class TestXid implements Xid {
        private final byte[] id = UUID.randomUUID().toString().getBytes();

        @Override public int getFormatId() { return 4242; }
        @Override public byte[] getGlobalTransactionId() { return id; }
        @Override public byte[] getBranchQualifier() { return new byte[] {1}; }
    }
}
