package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;
import dev.txmq.api.ReplayResult;
import dev.txmq.api.Selection;
import dev.txmq.ra.admin.TxmqQueues;
import dev.txmq.ra.stubs.DeadLetters;
import dev.txmq.ra.stubs.PagingBroker;
import dev.txmq.ra.stubs.StandaloneAdapter;

/**
 * The operations API against an external broker that pages: a dead-letter queue of 3000 messages
 * of about 1 KiB each, with 64 KiB of memory for it. Counts, browsing and replay must take in the
 * paged messages too.
 */
class PagedQueuesIT {

    private static final int COUNT = 3000;
    private static PagingBroker pagingBroker;
    private static StandaloneAdapter txmq;
    private static Queues queues;

    @BeforeAll
    static void start() throws Exception {
        pagingBroker = new PagingBroker(Path.of("target", "paging-" + UUID.randomUUID()), 64 * 1024);
        txmq = StandaloneAdapter.external(pagingBroker.url());
        TxmqQueues bound = new TxmqQueues();
        bound.setResourceAdapter(txmq.adapter());
        queues = bound;
    }

    @AfterAll
    static void stop() throws Exception {
        txmq.close();
        pagingBroker.close();
    }

    @Test
    void countsBrowsingAndReplayTakeInEveryPagedMessage() throws Exception {
        String orders = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        String dlq = "DLQ." + orders;
        txmq.adapter().broker().ensureQueue(orders);
        String padding = "x".repeat(1000);
        try (DeadLetters dead = new DeadLetters(pagingBroker.url())) {
            for (int i = 0; i < COUNT; i++) {
                dead.add(dlq, orders, i % 3 == 0 ? "a.First" : "b.Second", Instant.now(), "{\"n\":" + i + ",\"p\":\"" + padding + "\"}");
            }
        }
        assertThat(pagingBroker.isPaging(dlq)).as("the dead-letter queue pages").isTrue();

        assertThat(queues.statistics(dlq).messages()).isEqualTo(COUNT);
        assertThat(queues.failureCounts(dlq)).containsExactly(Map.entry("b.Second", 2000L), Map.entry("a.First", 1000L));
        List<QueuedMessage> last = queues.browse(dlq, COUNT - 10, 100);
        assertThat(last).hasSize(10);
        assertThat(last.get(9).bodyText()).startsWith("{\"n\":" + (COUNT - 1) + ",");

        assertThat(queues.replay(Selection.of(dlq).exception("a.First"))).isEqualTo(new ReplayResult(1000, 1000, 0));
        assertThat(queues.failureCounts(dlq)).containsExactly(Map.entry("b.Second", 2000L));
        assertThat(queues.statistics(orders).messages()).isEqualTo(1000);
        assertThat(queues.purge(Selection.of(dlq))).isEqualTo(2000);
        assertThat(queues.statistics(dlq).messages()).isZero();
    }
}
