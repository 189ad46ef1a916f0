package dev.txmq.ra.admin;

import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.naming.Reference;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

import dev.txmq.api.Headers;
import dev.txmq.api.InvalidSelectionException;
import dev.txmq.api.QueueNames;
import dev.txmq.api.QueueStatistics;
import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;
import dev.txmq.api.ReplayResult;
import dev.txmq.api.Selection;
import dev.txmq.api.TxmqException;
import dev.txmq.api.TxmqStatus;
import dev.txmq.api.UnknownQueueException;
import dev.txmq.ra.Broker;
import dev.txmq.ra.TxmqResourceAdapter;

/**
 * The {@link Queues} administered object (java:/txmq/Queues on WildFly, txmq/Queues on Payara).
 * Stateless: each call opens its own broker connection and closes it, so calls from many threads
 * and many servers never share a session.
 */
public final class TxmqQueues implements Queues, ResourceAdapterAssociation, Referenceable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_PAGE = 1000;
    private static final String NO_EXCEPTION = "(not recorded)";

    private transient TxmqResourceAdapter adapter;
    private Reference reference;

    @Override
    public List<QueueStatistics> statistics() {
        try (BrokerLink link = link()) {
            Map<String, QueueStatistics> queues = new TreeMap<>();
            for (Object name : (Object[]) link.attribute(ResourceNames.BROKER, "queueNames")) {
                if (isApplicationQueue(String.valueOf(name))) {
                    queues.put(String.valueOf(name), counts(link, String.valueOf(name)));
                }
            }
            return queues.values().stream().map(queue -> withDeadLetters(queue,
                    Optional.ofNullable(queues.get(broker().deadLetterQueueOf(queue.queue()))).map(QueueStatistics::messages)
                            .orElse(0L))).toList();
        }
    }

    @Override
    public QueueStatistics statistics(String queue) {
        try (BrokerLink link = link()) {
            link.requireQueue(valid(queue));
            String deadLetters = broker().deadLetterQueueOf(queue);
            return withDeadLetters(counts(link, queue),
                    link.exists(deadLetters) ? link.number(ResourceNames.QUEUE + deadLetters, "messageCount") : 0);
        }
    }

    /** Internal queues ($sys.*, activemq.management.*, notifications, replay staging) are not listed. */
    private static boolean isApplicationQueue(String name) {
        return QueueNames.isValid(name) && !name.startsWith("activemq.") && !name.startsWith("notif.")
                && !name.startsWith(Mover.STAGING_PREFIX) && !name.equals(Broker.FAILURE_RECORDS);
    }

    /** A queue's statistics but the depth of its dead-letter queue (0 here). */
    private static QueueStatistics counts(BrokerLink link, String queue) {
        String resource = ResourceNames.QUEUE + queue;
        long messages = link.number(resource, "messageCount");
        long delivering = link.number(resource, "deliveringCount");
        long scheduled = link.number(resource, "scheduledCount");
        return new QueueStatistics(queue, messages, delivering, scheduled, (int) link.number(resource, "consumerCount"),
                link.number(resource, "messagesAdded"), link.number(resource, "messagesAcknowledged"),
                QueueScan.oldestAge(link, queue, messages - delivering - scheduled), 0);
    }

    /** {@code queue} with the depth of its dead-letter queue; a dead-letter queue has none (0). */
    private QueueStatistics withDeadLetters(QueueStatistics queue, long deadLetters) {
        return deadLetters == 0 || broker().isDeadLetterQueue(queue.queue()) ? queue
                : new QueueStatistics(queue.queue(), queue.messages(), queue.delivering(), queue.scheduled(), queue.consumers(),
                        queue.added(), queue.acknowledged(), queue.oldestMessageAge(), deadLetters);
    }

    @Override
    public List<QueuedMessage> browse(String queue, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new InvalidSelectionException("Queues.browse of '" + queue + "': offset " + offset + " and limit "
                    + limit + " must be offset >= 0 and 1 <= limit <= " + MAX_PAGE);
        }
        List<QueuedMessage> page = new ArrayList<>();
        try (BrokerLink link = link()) {
            link.requireQueue(valid(queue));
            int[] skipped = {0};
            QueueScan.forEach(link, queue, null, message -> {
                if (skipped[0]++ >= offset) {
                    page.add(QueueScan.toQueued(message, queue));
                }
                return page.size() < limit;
            });
        }
        return page;
    }

    @Override
    public Map<String, Long> failureCounts(String deadLetterQueue) {
        Map<String, Long> counts = new HashMap<>();
        scan(deadLetterQueue, message -> counts.merge(
                Objects.requireNonNullElse(QueueScan.header(message, Headers.FAILURE_EXCEPTION), NO_EXCEPTION), 1L, Long::sum));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public Map<Instant, Long> failuresByHour(String deadLetterQueue) {
        Map<Instant, Long> counts = new TreeMap<>(Comparator.naturalOrder());
        scan(deadLetterQueue, message -> {
            Instant failedAt = Plan.failedAt(message);
            if (failedAt != null) {
                counts.merge(failedAt.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            }
        });
        return counts;
    }

    private void scan(String queue, Consumer<ClientMessage> each) {
        try (BrokerLink link = link()) {
            link.requireQueue(valid(queue));
            QueueScan.forEach(link, queue, null, message -> {
                each.accept(message);
                return true;
            });
        }
    }

    @Override
    public ReplayResult replay(Selection selection) {
        String queue = selection.queue();
        if (!adapter().isDeadLetterQueue(queue)) {
            throw new InvalidSelectionException("Queues.replay: '" + queue + "' is not a dead-letter queue (its name"
                    + " does not start with the deadLetterPrefix and no message-driven bean names it as its"
                    + " deadLetterQueue). Replay takes messages from a dead-letter queue such as "
                    + broker().deadLetterQueueOf(queue));
        }
        try (BrokerLink link = link()) {
            link.requireQueue(queue);
            Plan plan = Plan.of(link, selection, adapter().getMaxReplays());
            long moved = selection.isDryRun() ? 0 : new Mover(link, queue).replay(plan.ids());
            adapter().metrics().replayed(moved);
            return new ReplayResult(plan.ids().size(), moved, plan.kept());
        }
    }

    @Override
    public long purge(Selection selection) {
        try (BrokerLink link = link()) {
            link.requireQueue(selection.queue());
            Plan plan = Plan.of(link, selection, -1);
            return selection.isDryRun() ? plan.ids().size() : new Mover(link, selection.queue()).delete(plan.ids());
        }
    }

    @Override
    public TxmqStatus status() {
        return adapter().status();
    }

    private BrokerLink link() {
        return BrokerLink.open(broker());
    }

    private Broker broker() {
        return adapter().broker();
    }

    private TxmqResourceAdapter adapter() {
        if (adapter == null) {
            throw new TxmqException("txmq's Queues object is not associated with the txmq resource adapter: bind it"
                    + " as an administered object of txmq.rar (the install scripts do), do not instantiate it");
        }
        return adapter;
    }

    private static String valid(String queue) {
        if (!QueueNames.isValid(queue)) {
            throw new UnknownQueueException("Queue name '" + queue + "' is invalid: use 1 to " + QueueNames.MAX_LENGTH
                    + " letters, digits, '.', '_' or '-'");
        }
        return queue;
    }


    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        if (!(adapter instanceof TxmqResourceAdapter txmq)) {
            throw new ResourceException("txmq's Queues belongs to txmq.rar, not to " + adapter);
        }
        this.adapter = txmq;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
