package dev.txmq.ra.admin;

import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

import dev.txmq.api.Headers;
import dev.txmq.ra.Broker;
import dev.txmq.ra.MessageProperties;

/**
 * Replays or deletes planned messages in chunks of {@value #CHUNK}, never holding the broker's
 * management lock for long, and logs progress after each chunk.
 *
 * <p>Selecting by id is done by the broker's own queue operations (removeMessages, moveMessages):
 * a consumer with a filter would not see messages the broker has paged to disk. A replay therefore
 * moves each chunk to a staging queue ({@code txmq.replaying.<dead-letter queue>}) first, then takes
 * every message of the staging queue and, in one broker transaction per message chunk, acknowledges
 * it and sends its replay copy to the original queue. Every step is atomic per message, so a crash
 * leaves each message in its dead-letter queue, in the staging queue or in its original queue,
 * never in two or none; the next replay of that dead-letter queue finishes what is staged.
 */
final class Mover {

    static final int CHUNK = 200;
    static final String STAGING_PREFIX = "txmq.replaying.";
    private static final int COMMIT_EVERY = 20;
    private static final long RECEIVE_TIMEOUT_MS = 5_000;
    private static final long POLL_MS = 100;
    private static final Logger LOG = Logger.getLogger(Mover.class.getName());
    private static final List<String> FAILURE_HEADERS = List.of(Headers.FAILURE_REASON, Headers.FAILURE_EXCEPTION,
            Headers.ORIGINAL_QUEUE, Headers.DELIVERY_ATTEMPTS, Headers.FAILED_AT, MessageProperties.PRIOR_ATTEMPTS);

    private final BrokerLink link;
    private final Broker broker;
    private final String queue;

    Mover(BrokerLink link, String queue) {
        this.link = link;
        this.broker = link.broker();
        this.queue = queue;
    }

    /** Moves the planned dead letters back to their original queues; returns how many moved. */
    long replay(List<String> ids) {
        String staging = STAGING_PREFIX + queue;
        broker.ensure(staging);
        // left by a replay a crash interrupted: counted by the broker, since a consumer's "nothing now"
        // right after it opened does not mean the queue is empty
        long staged = link.number(ResourceNames.QUEUE + staging, "messageCount");
        long leftOver = staged == 0 ? 0 : unstage(staging, staged);
        if (leftOver > 0) {
            LOG.warning(() -> "txmq finished an interrupted replay of " + queue + ": " + leftOver + " messages");
        }
        return inChunks(ids, "replayed", chunk -> unstage(staging, ((Number) link.invoke(ResourceNames.QUEUE + queue,
                "moveMessages", CHUNK, idFilter(chunk), staging, false, -1)).longValue()));
    }

    /** Deletes the planned messages; returns how many were deleted. */
    long delete(List<String> ids) {
        return inChunks(ids, "deleted", chunk -> ((Number) link.invoke(ResourceNames.QUEUE + queue, "removeMessages",
                CHUNK, idFilter(chunk))).longValue());
    }

    /** Runs {@code action} on each chunk of ids; it gets the chunk as a filter's worth and returns how many it did. */
    private long inChunks(List<String> ids, String verb, ToLongFunction<List<String>> action) {
        long done = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            done += action.applyAsLong(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
            long progress = done;
            LOG.info(() -> "txmq " + verb + " " + progress + " of " + ids.size() + " selected messages of " + queue);
        }
        return done;
    }

    /**
     * Takes up to {@code expected} messages off the staging queue, sending each back where it came
     * from, committing every {@value #COMMIT_EVERY}: acknowledgements count only once committed, and
     * a paging broker reads no further pages while too many are pending.
     */
    private long unstage(String staging, long expected) {
        long done = 0;
        int uncommitted = 0;
        try (ClientProducer producer = link.session().createProducer();
             ClientConsumer consumer = link.consumer(staging, null, false)) {
            long deadline = System.currentTimeMillis() + RECEIVE_TIMEOUT_MS;
            while (done < expected) {
                ClientMessage message = consumer.receive(POLL_MS);
                if (message == null) {
                    if (uncommitted == 0 && System.currentTimeMillis() > deadline) {
                        break;
                    }
                    link.commit();
                    uncommitted = 0;
                    continue;
                }
                String original = QueueScan.header(message, Headers.ORIGINAL_QUEUE);
                broker.ensureQueue(original);
                producer.send(SimpleString.of(original), replayCopy(message));
                message.acknowledge();
                done++;
                deadline = System.currentTimeMillis() + RECEIVE_TIMEOUT_MS;
                if (++uncommitted == COMMIT_EVERY) {
                    link.commit();
                    uncommitted = 0;
                }
            }
            link.commit();
            return done;
        } catch (ActiveMQException | RuntimeException e) {
            link.rollbackAfter(e);
            throw e instanceof ActiveMQException ? broker.unavailable("replay messages of '" + queue + "'", e)
                    : (RuntimeException) e;
        }
    }

    /** The copy sent back: failure and move headers removed, replay counter raised, a duplicate-detection id for this replay. */
    private static Message replayCopy(ClientMessage message) {
        int replays = MessageProperties.replayCount(message) + 1;
        Message copy = message.copy();
        FAILURE_HEADERS.forEach(copy::removeProperty);
        for (SimpleString name : Set.copyOf(copy.getPropertyNames())) {
            if (name.toString().startsWith("_AMQ_ORIG_")) {
                copy.removeProperty(name);
            }
        }
        copy.removeProperty(Message.HDR_SCHEDULED_DELIVERY_TIME);
        copy.removeProperty(Message.HDR_INGRESS_TIMESTAMP);
        copy.putIntProperty(Headers.REPLAY_COUNT, replays);
        copy.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(),
                MessageProperties.copyId(MessageProperties.idOf(message), replays, ""));
        return copy;
    }

    /** An Artemis filter taking exactly these txmq ids. */
    static String idFilter(List<String> ids) {
        return ids.stream().map(id -> "'" + id.replace("'", "''") + "'")
                .collect(Collectors.joining(", ", MessageProperties.ID + " IN (", ")"));
    }
}
