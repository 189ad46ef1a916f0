package dev.txmq.ra.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import dev.txmq.ra.Broker;

/**
 * Failures written on the broker, so that whichever consumer of whichever server receives a failed
 * message next acts on its failure exactly as the failing one would have. A failed delivery rolls
 * back and the message goes back on its queue, where any consumer may take it; so, before the
 * rollback, the failing consumer writes a record of the failure to {@value Broker#FAILURE_RECORDS}
 * on the same broker node, and the consumer that receives the message again takes the record in the
 * same one-phase branch that moves the message (to a retry, or to its dead-letter queue): a failure
 * is acted on once, and is kept when the move fails. A record whose message never comes back (it
 * was removed by an operator) expires after {@link #KEPT}.
 */
final class FailureRecords {

    private static final SimpleString QUEUE = SimpleString.of(Broker.FAILURE_RECORDS);
    private static final Duration KEPT = Duration.ofDays(7);
    /** How long a redelivered message without a record (its server died) waits for one that is not coming. */
    private static final long RECORD_WAIT_MS = 200;
    private static final String KEY = "txmqFailureOf";
    private static final String EXCEPTION = "txmqException";
    private static final String REASON = "txmqReason";
    private static final String ATTEMPT = "txmqAttempt";
    private static final String DEAD_LETTER = "txmqDeadLetter";
    private static final String FAILED_AT = "txmqFailedAt";

    private final ClientSession receipts;
    private final Supplier<ClientSession> writers;
    private ClientSession writer; // opened at the first failure: most consumers never write a record
    private ClientProducer producer;

    /**
     * @param receipts the consumer's session: a taken record is acknowledged in its move's branch
     * @param writers opens a session of its own on the same connection, non-transacted, so that a record
     *     is on the broker before the failed delivery's rollback gives the message back
     */
    FailureRecords(ClientSession receipts, Supplier<ClientSession> writers) {
        this.receipts = receipts;
        this.writers = writers;
    }

    /** Records that {@code message}'s delivery failed; durable when this returns. */
    void write(ReceivedMessage message, Failure failure) throws ActiveMQException {
        if (writer == null) {
            ClientSession session = writers.get();
            producer = session.createProducer(QUEUE);
            writer = session;
        }
        ClientMessage record = writer.createMessage(true);
        record.putStringProperty(KEY, key(message, failure.attempt()));
        record.putStringProperty(EXCEPTION, failure.exception());
        record.putStringProperty(REASON, failure.reason());
        record.putIntProperty(ATTEMPT, failure.attempt());
        record.putBooleanProperty(DEAD_LETTER, failure.deadLetter());
        record.putLongProperty(FAILED_AT, failure.failedAt().toEpochMilli());
        record.setExpiration(System.currentTimeMillis() + KEPT.toMillis());
        producer.send(record);
    }

    /**
     * The record of the failed delivery before this one, if one was written; the caller acknowledges it
     * in the branch that acts on it and closes it in any case. A message redelivered by its broker is
     * the only one that can have one: a retry is a new copy, delivered for the first time.
     */
    Taken take(ReceivedMessage message) throws ActiveMQException {
        if (message.broker().getDeliveryCount() <= 1) {
            return null;
        }
        String filter = KEY + " = '" + key(message, message.deliveryAttempt() - 1).replace("'", "''") + "'";
        ClientConsumer lookup = receipts.createConsumer(QUEUE, SimpleString.of(filter), 0, -1, false);
        try {
            ClientMessage record = lookup.receiveImmediate();
            if (record == null) {
                // the broker can answer "nothing" to a consumer it has not yet offered a record written an
                // instant before, while it delivers to other consumers of the queue (seen: 5 in 1000 with 8
                // sessions failing at once); asking again, with a little patience, finds it
                record = lookup.receive(RECORD_WAIT_MS);
            }
            if (record == null) {
                lookup.close();
                return null;
            }
            return new Taken(new Failure(record.getStringProperty(EXCEPTION), record.getStringProperty(REASON),
                    record.getIntProperty(ATTEMPT), record.getBooleanProperty(DEAD_LETTER),
                    Instant.ofEpochMilli(record.getLongProperty(FAILED_AT))), record, lookup);
        } catch (ActiveMQException | RuntimeException e) {
            lookup.close();
            throw e;
        }
    }

    private static String key(ReceivedMessage message, int attempt) {
        return message.queue() + '/' + message.id() + '/' + message.replayCount() + '#' + attempt;
    }

    /** A failure taken from the broker (or, with no record, one made up), to act on. */
    record Taken(Failure failure, ClientMessage record, ClientConsumer lookup) implements AutoCloseable {

        static Taken unrecorded(Failure failure) {
            return new Taken(failure, null, null);
        }

        /** Acknowledges the record in the branch the caller has started. */
        void acknowledge() throws ActiveMQException {
            if (record != null) {
                record.acknowledge();
            }
        }

        /** Ends the lookup; an unacknowledged (or rolled back) record goes back to the queue. */
        @Override
        public void close() throws ActiveMQException {
            if (lookup != null) {
                lookup.close();
            }
        }
    }
}
