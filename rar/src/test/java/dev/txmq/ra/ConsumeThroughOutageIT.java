package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.resource.spi.ActivationSpec;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.txmq.ra.inbound.QueueActivationSpec;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.BrokerProbe;

/** Consuming from an external broker that is down at deployment, or goes away and comes back. */
class ConsumeThroughOutageIT {

    private final String queue = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path journal = Path.of("target", "broker-" + UUID.randomUUID());
    private final String url = "tcp://127.0.0.1:" + StandaloneAdapter.freePort();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<LogRecord> log = new CopyOnWriteArrayList<>();
    private final Logger consumerLog = Logger.getLogger("dev.txmq.ra.inbound.Activation");
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord record) { log.add(record); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @BeforeEach
    void captureLog() {
        consumerLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        consumerLog.removeHandler(capture);
    }

    @Test
    void aBrokerDownAtDeploymentIsWaitedForAndLoggedOnce() throws Exception {
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url);
             AutoCloseable activation = txmq.consume(queue, message -> handled.add(message.body(String.class)),
                     spec -> spec.setMaxSessions(1))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> warnings() == 1);
            try (StandaloneAdapter broker = StandaloneAdapter.embedded(journal, url)) {
                broker.factory().createPublisher().send(queue, "after the broker came up");

                await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
                assertThat(handled).containsExactly("after the broker came up");
                assertThat(warnings()).as("one warning for the outage, not one per reconnect attempt").isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> log.stream().anyMatch(record -> record.getLevel() == Level.INFO));
            }
        }
    }

    @Test
    void aBrokerThatGoesAwayIsReconnectedToWithNothingLostOrDeliveredTwice() throws Exception {
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal, url);
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url);
             AutoCloseable activation = txmq.consume(queue, message -> handled.add(message.body(String.class)),
                     spec -> spec.setMaxSessions(2))) {
            broker.factory().createPublisher().send(queue, "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);

            broker.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings() == 1);
            broker = StandaloneAdapter.embedded(journal, url);
            broker.factory().createPublisher().send(queue, "after");

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 2);
            try (BrokerProbe probe = broker.probe()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> probe.count(queue) == 0);
            }
            assertThat(handled).containsExactly("before", "after");
            assertThat(warnings()).as("one warning for two consumers and their reconnect attempts").isEqualTo(1);
        } finally {
            broker.close();
        }
    }

    @Test
    void aSecondOutageIsRecoveredFromAsQuicklyAsTheFirst() throws Exception {
        StandaloneAdapter broker = StandaloneAdapter.embedded(journal, url);
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url);
             AutoCloseable activation = txmq.consume(queue, message -> handled.add(message.body(String.class)),
                     spec -> spec.setMaxSessions(1))) {
            broker.factory().createPublisher().send(queue, "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);

            broker.close();
            // a long first outage: the consumer's reconnect attempts grow 100 ms, 200 ms, ... 3.2 s apart
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> handled.size() == 1);
            broker = StandaloneAdapter.embedded(journal, url);
            broker.factory().createPublisher().send(queue, "after the first outage");
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 2);

            broker.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings() == 2);
            broker = StandaloneAdapter.embedded(journal, url);
            broker.factory().createPublisher().send(queue, "after the second outage");
            // the back-off started again at 100 ms, not where the first outage left it (6.4 s)
            await("the message sent after the second outage consumed").atMost(Duration.ofSeconds(3))
                    .until(() -> handled.size() == 3);

            assertThat(warnings()).as("one warning per outage").isEqualTo(2);
            assertThat(log).filteredOn(record -> record.getLevel() == Level.INFO).as("one notice per return").hasSize(2);
        } finally {
            broker.close();
        }
    }

    @Test
    void theAdapterHandsRecoveryAWorkingXaResource() throws Exception {
        try (StandaloneAdapter broker = StandaloneAdapter.embedded(journal, url)) {
            broker.factory().createPublisher().send(queue, "creates the queue");
            Xid inDoubt = prepareASendWithoutCommitting(broker.adapter().broker());
            QueueActivationSpec spec = new QueueActivationSpec();
            spec.setDestination(queue);

            XAResource[] recovery = broker.adapter().getXAResources(new ActivationSpec[] {spec});

            assertThat(recovery).hasSize(1);
            List<Xid> found = Arrays.asList(recovery[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
            assertThat(found).anyMatch(xid -> Arrays.equals(xid.getGlobalTransactionId(), inDoubt.getGlobalTransactionId()));
            recovery[0].commit(inDoubt, false);
            try (BrokerProbe probe = broker.probe()) {
                assertThat(probe.drainBodies(queue)).containsExactly("\"creates the queue\"", "in doubt");
            }
        }
    }

    @Test
    void everyRecoveryXaResourceHandedOutKeepsWorking() throws Exception {
        try (StandaloneAdapter broker = StandaloneAdapter.embedded(journal, url)) {
            QueueActivationSpec news = new QueueActivationSpec();
            news.setDestination(queue);
            QueueActivationSpec orders = new QueueActivationSpec();
            orders.setDestination(queue + "-orders");

            XAResource first = broker.adapter().getXAResources(new ActivationSpec[] {news})[0];
            XAResource second = broker.adapter().getXAResources(new ActivationSpec[] {orders})[0];

            // WildFly asks once per activation and scans with every resource it was given
            assertThat(first.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).isNotNull();
            assertThat(second.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).isNotNull();
        }
    }

    private Xid prepareASendWithoutCommitting(Broker broker) throws Exception {
        ClientSessionFactory connection = broker.connect();
        ClientSession session = broker.openSession(connection, true);
        byte[] id = UUID.randomUUID().toString().getBytes();
        Xid xid = new Xid() {
            @Override public int getFormatId() { return 77; }
            @Override public byte[] getGlobalTransactionId() { return id; }
            @Override public byte[] getBranchQualifier() { return new byte[] {7}; }
        };
        session.start(xid, XAResource.TMNOFLAGS);
        var message = session.createMessage(org.apache.activemq.artemis.api.core.Message.TEXT_TYPE, true);
        org.apache.activemq.artemis.reader.TextMessageUtil.writeBodyText(message.getBodyBuffer(), SimpleString.of("in doubt"));
        session.createProducer(queue).send(message);
        session.end(xid, XAResource.TMSUCCESS);
        session.prepare(xid);
        connection.close(); // the crash: the branch stays prepared on the broker
        return xid;
    }

    private long warnings() {
        return log.stream().filter(record -> record.getLevel() == Level.WARNING).count();
    }
}
