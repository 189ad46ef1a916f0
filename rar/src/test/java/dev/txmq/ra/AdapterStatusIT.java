package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import dev.txmq.api.Queues;
import dev.txmq.api.TxmqStatus;
import dev.txmq.ra.admin.TxmqQueues;
import dev.txmq.ra.stubs.PagingBroker;
import dev.txmq.ra.stubs.StandaloneAdapter;

/**
 * What operators see of a running adapter: its status (what a readiness check reports) follows an
 * external broker going away and coming back within seconds, and its counters are in JMX.
 */
class AdapterStatusIT {

    private static final Duration SECONDS = Duration.ofSeconds(10);
    private final String queue = "status-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theStatusGoesDownWhenTheBrokerStopsAndUpWhenItIsBack() throws Exception {
        Path data = Path.of("target", "status-" + UUID.randomUUID());
        PagingBroker broker = new PagingBroker(data, 10 * 1024 * 1024);
        String url = broker.url();
        try (StandaloneAdapter txmq = StandaloneAdapter.external(url);
             AutoCloseable consumer = txmq.consume(queue, message -> { }, spec -> spec.setMaxSessions(2))) {
            Queues queues = queues(txmq);
            await().atMost(SECONDS).until(() -> queues.status().ready());
            assertThat(queues.status().consumers()).containsExactly(new TxmqStatus.Consumer(queue, 2, true));

            broker.close();
            await().atMost(SECONDS).until(() -> !queues.status().ready());
            TxmqStatus down = queues.status();
            assertThat(down.brokerReachable()).isFalse();
            assertThat(down.problems()).contains("the broker at " + url + " cannot be reached");

            broker = PagingBroker.on(data, url, 10 * 1024 * 1024);
            await().atMost(Duration.ofSeconds(40)).until(() -> queues.status().ready()); // consumers back off up to 30 s
            assertThat(queues.status().problems()).isEmpty();
        } finally {
            broker.close();
        }
    }

    @Test
    void theCountersAreInJmxWhileTheAdapterRuns() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try (StandaloneAdapter txmq = StandaloneAdapter.embedded(Path.of("target", "jmx-" + UUID.randomUUID()));
             AutoCloseable consumer = txmq.consume(queue, message -> {
                 throw new IllegalStateException("always");
             }, spec -> spec.setMaxDeliveryAttempts(1))) {
            name = txmq.adapter().jmxName();
            assertThat(name.toString()).startsWith("dev.txmq:type=ResourceAdapter,name=txmq");

            txmq.factory().createPublisher().send(queue, "one");
            txmq.factory().createPublisher().send(queue, "two");

            await().atMost(SECONDS).until(() -> (Long) jmx.getAttribute(name, "DeadLettered") == 2);
            assertThat(jmx.getAttribute(name, "MessagesSent")).isEqualTo(2L);
            assertThat(jmx.getAttribute(name, "FailedDeliveries")).isEqualTo(2L);
            assertThat(jmx.getAttribute(name, "Deliveries")).isEqualTo(0L);
            assertThat(jmx.getAttribute(name, "Ready")).isEqualTo(true);
            assertThat((String[]) jmx.getAttribute(name, "Consumers")).containsExactly(queue + " (4 sessions, consuming)");
        }
        assertThat(jmx.isRegistered(name)).as("unregistered when the adapter stops").isFalse();
    }

    private static Queues queues(StandaloneAdapter txmq) throws Exception {
        TxmqQueues queues = new TxmqQueues();
        queues.setResourceAdapter(txmq.adapter());
        return queues;
    }
}
