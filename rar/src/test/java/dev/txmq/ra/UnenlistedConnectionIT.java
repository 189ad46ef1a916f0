package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.api.Publisher;
import dev.txmq.ra.AtomicPublishIT.OrderPlaced;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.Narayana;
import dev.txmq.ra.stubs.RecordingXAResource;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.PostgresExtension;

/**
 * Guarantee 1 on a server whose pool does not enlist a connection taken while the transaction
 * commits, as Payara's does (its pool enlists with the transaction of the current component
 * invocation, which EJB and CDI clear before they commit). txmq then enlists the broker's branch
 * itself, still after the database, and holds the connection until the transaction has completed.
 */
@ExtendWith(PostgresExtension.class)
class UnenlistedConnectionIT {

    private static StandaloneAdapter txmq;
    private static BrokerProbe broker;

    private final TransactionManager tm = Narayana.transactionManager();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String orders = "orders-" + run;
    private final String audit = "audit-" + run;

    @BeforeAll
    static void startAdapter() throws Exception {
        Database.createTables();
        txmq = StandaloneAdapter.embeddedOnPayaraLikeServer(Path.of("target", "broker-" + UUID.randomUUID()));
        broker = txmq.probe();
    }

    @AfterAll
    static void stopAdapter() throws Exception {
        broker.close();
        txmq.close();
    }

    @AfterEach
    void nothingInDoubt() throws Exception {
        assertThat(tm.getTransaction()).as("transaction left on the thread").isNull();
        assertThat(Database.preparedTransactions()).isEmpty();
    }

    @Test
    void commitPublishesTheRowAndTheMessagesSentBeforeIt() throws Exception {
        tm.begin();
        try (Publisher publisher = txmq.factory().createPublisher()) {
            publisher.send(orders, new OrderPlaced(run, "book"));
            Database.insertOrder(run, "book");
            publisher.send(audit, new OrderPlaced(run, "book"));
        }
        tm.commit();

        assertThat(Database.orderExists(run)).isTrue();
        assertThat(broker.drain(orders)).hasSize(1);
        assertThat(broker.drain(audit)).hasSize(1);
    }

    @Test
    void noConsumerSeesTheMessageBeforeTheRowIsCommitted() throws Exception {
        List<Long> visibleWhileTheDatabaseCommits = new CopyOnWriteArrayList<>();
        tm.begin();
        txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
        Database.insertOrder(run, "book", xa -> new RecordingXAResource(xa, "db", new CopyOnWriteArrayList<>())
                .beforeCommit(() -> visibleWhileTheDatabaseCommits.add(broker.count(orders))));
        tm.commit();

        assertThat(visibleWhileTheDatabaseCommits).containsExactly(0L);
        assertThat(broker.drain(orders)).hasSize(1);
    }

    @Test
    void theConnectionGoesBackToThePoolOnlyWhenTheTransactionHasCompleted() throws Exception {
        List<Integer> idleWhileTheDatabaseCommits = new CopyOnWriteArrayList<>();
        int idleBefore = txmq.pool().idle();
        tm.begin();
        txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
        Database.insertOrder(run, "book", xa -> new RecordingXAResource(xa, "db", new CopyOnWriteArrayList<>())
                .beforeCommit(() -> idleWhileTheDatabaseCommits.add(txmq.pool().idle())));
        tm.commit();

        int inUse = Math.max(idleBefore, 1); // the pool creates the connection when it has none idle
        assertThat(idleWhileTheDatabaseCommits).containsExactly(inUse - 1);
        assertThat(txmq.pool().idle()).isEqualTo(inUse);
        assertThat(broker.drain(orders)).hasSize(1);
    }

    @Test
    void aDatabaseThatVotesRollbackInPrepareTakesTheMessagesWithIt() throws Exception {
        tm.begin();
        try (Publisher publisher = txmq.factory().createPublisher()) {
            publisher.send(orders, new OrderPlaced(run, "book"));
            Database.insertOrder(run, "book", xa -> new RecordingXAResource(xa, "db", new CopyOnWriteArrayList<>()).voteRollback());
        }
        assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);

        assertThat(Database.orderExists(run)).isFalse();
        assertThat(broker.drain(orders)).isEmpty();
    }

    /** Without the transaction at hand (Narayana's key is an id) txmq cannot enlist: nothing commits, with a reason. */
    @Test
    void aServerThatNeitherEnlistsNorExposesTheTransactionCommitsNothing() throws Exception {
        try (StandaloneAdapter unenlisting = StandaloneAdapter.embedded(Path.of("target", "broker-" + UUID.randomUUID()))) {
            unenlisting.pool().enlistNothing(true);
            tm.begin();
            unenlisting.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
            Database.insertOrder(run, "book");
            assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class)
                    .cause().hasMessageContaining("did not enlist txmq's connection").hasMessageContaining(orders);

            assertThat(Database.orderExists(run)).isFalse();
            try (BrokerProbe probe = unenlisting.probe()) {
                assertThat(probe.drain(orders)).isEmpty();
            }
        }
    }
}
