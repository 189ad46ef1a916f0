package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.txmq.api.Publisher;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.Narayana;
import dev.txmq.ra.stubs.RecordingXAResource;

/**
 * Guarantee 1 of DESIGN.md with Narayana, the embedded broker and PostgreSQL under two-phase commit:
 * the order row and its messages commit together or not at all.
 */
class AtomicPublishIT extends EmbeddedAdapterTest {

    private final TransactionManager tm = Narayana.transactionManager();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String orders = "orders-" + run;
    private final String notifications = "notifications-" + run;
    private final String audit = "audit-" + run;

    public record OrderPlaced(String orderId, String item) {}

    @AfterEach
    void noTransactionLeftBehind() throws Exception {
        Transaction leftOver = tm.getTransaction();
        if (leftOver != null) {
            tm.rollback(); // so that one failing test does not fail the next
        }
        assertThat(leftOver).as("transaction left on the thread").isNull();
        assertThat(Database.preparedTransactions()).isEmpty();
    }

    @Test
    void commitPublishesTheRowAndEveryMessage() throws Exception {
        tm.begin();
        Database.insertOrder(run, "book");
        try (Publisher publisher = txmq.factory().createPublisher()) {
            publisher.send(orders, new OrderPlaced(run, "book"));
            publisher.send(notifications, new OrderPlaced(run, "book"));
            publisher.send(audit, new OrderPlaced(run, "book"));
        }
        tm.commit();

        assertThat(Database.orderExists(run)).isTrue();
        String expected = "{\"item\":\"book\",\"orderId\":\"" + run + "\"}";
        assertThat(broker.drainBodies(orders)).containsExactly(expected);
        assertThat(broker.drainBodies(notifications)).containsExactly(expected);
        assertThat(broker.drainBodies(audit)).containsExactly(expected);
    }

    @Test
    void rollbackByExceptionDiscardsTheRowAndTheMessages() throws Exception {
        tm.begin();
        try {
            Database.insertOrder(run, "book");
            txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
            throw new IllegalStateException("payment declined");
        } catch (IllegalStateException e) {
            tm.rollback();
        }

        assertNothingCommitted(orders);
    }

    @Test
    void failureBetweenTheFirstAndTheSecondSendPublishesNothing() throws Exception {
        tm.begin();
        try (Publisher publisher = txmq.factory().createPublisher()) {
            Database.insertOrder(run, "book");
            publisher.send(orders, new OrderPlaced(run, "book"));
            publisher.send(notifications, new OrderPlaced(run, "book"));
            failToBuildTheAuditEvent();
            publisher.send(audit, new OrderPlaced(run, "book"));
            tm.commit();
        } catch (IllegalStateException e) {
            tm.rollback();
        }

        assertNothingCommitted(orders, notifications, audit);
    }

    @Test
    void setRollbackOnlyDiscardsTheRowAndTheMessages() throws Exception {
        tm.begin();
        Database.insertOrder(run, "book");
        txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
        tm.setRollbackOnly();
        assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);

        assertNothingCommitted(orders);
    }

    @Test
    void transactionTimeoutDiscardsTheRowAndTheMessages() throws Exception {
        tm.setTransactionTimeout(1);
        try {
            tm.begin();
            Transaction transaction = tm.getTransaction();
            Database.insertOrder(run, "book");
            txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
            // Awaitility polls from its own thread: ask the transaction, not the thread-bound manager
            await().atMost(Duration.ofSeconds(10)).until(() -> transaction.getStatus() == Status.STATUS_ROLLEDBACK);
            assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);
        } finally {
            tm.setTransactionTimeout(0);
        }

        assertNothingCommitted(orders);
    }

    @Test
    void twoPublishersInOneTransactionCommitTogetherOverOneConnection() throws Exception {
        int connectionsBefore = txmq.pool().created();
        tm.begin();
        Database.insertOrder(run, "book");
        try (Publisher first = txmq.factory().createPublisher(); Publisher second = txmq.factory().createPublisher()) {
            first.send(orders, new OrderPlaced(run, "book"));
            second.send(notifications, new OrderPlaced(run, "book"));
        }
        tm.commit();

        assertThat(Database.orderExists(run)).isTrue();
        assertThat(broker.drain(orders)).hasSize(1);
        assertThat(broker.drain(notifications)).hasSize(1);
        assertThat(txmq.pool().created() - connectionsBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void aConsumerSeesNothingBeforeTheCommitAndTheMessageRightAfterIt() throws Exception {
        tm.begin();
        Database.insertOrder(run, "book");
        txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));

        assertThat(broker.receive(orders, Duration.ofMillis(500))).isEmpty();
        tm.commit();

        assertThat(broker.receive(orders, Duration.ofSeconds(5))).isPresent();
        assertThat(Database.orderExists(run)).isTrue();
    }

    @Test
    void theBrokerCommitsAfterTheDatabaseEvenWhenTheSendComesFirst() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        txmq.pool().enlistAs(xa -> new RecordingXAResource(xa, "broker", log));
        try {
            tm.begin();
            txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
            Database.insertOrder(run, "book", xa -> new RecordingXAResource(xa, "db", log));
            tm.commit();
        } finally {
            txmq.pool().enlistAs(xa -> xa);
        }

        assertThat(log).containsSubsequence("db:start", "broker:start", "db:commit", "broker:commit");
        assertThat(broker.drain(orders)).hasSize(1);
    }

    /**
     * JPA's case: Hibernate writes its rows in a synchronization of its own, and when the send came
     * before the first use of the EntityManager, txmq's synchronization was registered first. The
     * broker must still be enlisted after the database, so it commits after it.
     */
    @Test
    void theBrokerCommitsLastAlsoWhenTheRowsAreWrittenByALaterSynchronization() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        txmq.pool().enlistAs(xa -> new RecordingXAResource(xa, "broker", log));
        try {
            tm.begin();
            txmq.factory().createPublisher().send(orders, new OrderPlaced(run, "book"));
            Narayana.registry().registerInterposedSynchronization(flushingRows(log));
            tm.commit();
        } finally {
            txmq.pool().enlistAs(xa -> xa);
        }

        assertThat(log).containsSubsequence("db:start", "broker:start", "db:commit", "broker:commit");
        assertThat(broker.drain(orders)).hasSize(1);
        assertThat(Database.orderExists(run)).isTrue();
    }

    /** Like an ORM's flush: the INSERT happens in beforeCompletion. */
    private Synchronization flushingRows(List<String> log) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
                try {
                    Database.insertOrder(run, "book", xa -> new RecordingXAResource(xa, "db", log));
                } catch (Exception e) {
                    throw new IllegalStateException("The flush failed", e);
                }
            }

            @Override
            public void afterCompletion(int status) {}
        };
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
    void aDatabaseThatVotesRollbackInPrepareTakesTheMessagesWithIt() throws Exception {
        tm.begin();
        try (Publisher publisher = txmq.factory().createPublisher()) {
            publisher.send(orders, new OrderPlaced(run, "book"));
            Database.insertOrder(run, "book", xa -> new RecordingXAResource(xa, "db", new CopyOnWriteArrayList<>()).voteRollback());
            publisher.send(audit, new OrderPlaced(run, "book"));
        }
        assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);

        assertNothingCommitted(orders, audit);
    }

    @Test
    void aTransactionThatSendsNothingHasNoBrokerBranch() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        txmq.pool().enlistAs(xa -> new RecordingXAResource(xa, "broker", log));
        try {
            tm.begin();
            txmq.factory().createPublisher().close();
            Database.insertOrder(run, "book");
            tm.commit();
        } finally {
            txmq.pool().enlistAs(xa -> xa);
        }

        assertThat(log).isEmpty();
        assertThat(Database.orderExists(run)).isTrue();
    }

    private void assertNothingCommitted(String... queues) throws Exception {
        assertThat(Database.orderExists(run)).isFalse();
        for (String queue : queues) {
            assertThat(broker.drain(queue)).as("messages on %s", queue).isEmpty();
        }
    }

    private static void failToBuildTheAuditEvent() {
        throw new IllegalStateException("audit service down");
    }
}
