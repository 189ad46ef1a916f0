package dev.txmq.ra.inbound;

import javax.transaction.xa.XAException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import dev.txmq.api.Headers;
import dev.txmq.ra.MessageProperties;

/**
 * Moves a received message, atomically: acknowledges it and the record of its failure, and sends a
 * copy (body and headers intact) to its queue for a later retry or to its dead-letter queue, in one
 * {@link LocalBranch} on the consumer's session: it involves only the broker, never the application's
 * transaction.
 */
final class MessageMover {

    private final ClientSession session;
    private final ClientProducer producer;

    MessageMover(ClientSession session, ClientProducer producer) {
        this.session = session;
        this.producer = producer;
    }

    /** Schedules a copy of {@code message} on its queue, to be delivered after {@code delayMs}. */
    void retryLater(ReceivedMessage message, FailureRecords.Taken failed, long delayMs) throws ActiveMQException, XAException {
        Message copy = message.broker().copy();
        copy.putIntProperty(MessageProperties.PRIOR_ATTEMPTS, message.deliveryAttempt() - 1);
        copy.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(),
                MessageProperties.copyId(message.id(), message.replayCount(), "retry" + message.deliveryAttempt()));
        copy.putLongProperty(Message.HDR_SCHEDULED_DELIVERY_TIME, System.currentTimeMillis() + delayMs);
        move(message, failed, message.queue(), copy);
    }

    /** Sends {@code message} to {@code deadLetterQueue} with the failure written on it. */
    void deadLetter(ReceivedMessage message, FailureRecords.Taken failed, String deadLetterQueue)
            throws ActiveMQException, XAException {
        Failure failure = failed.failure();
        Message copy = message.broker().copy();
        copy.removeProperty(Message.HDR_SCHEDULED_DELIVERY_TIME);
        copy.removeProperty(MessageProperties.PRIOR_ATTEMPTS); // on its dead-letter queue it starts at attempt 1
        copy.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(),
                MessageProperties.copyId(message.id(), message.replayCount(), "dead"));
        copy.putStringProperty(Headers.FAILURE_REASON, failure.reason());
        copy.putStringProperty(Headers.FAILURE_EXCEPTION, failure.exception());
        copy.putStringProperty(Headers.ORIGINAL_QUEUE, message.queue());
        copy.putIntProperty(Headers.DELIVERY_ATTEMPTS, failure.attempt());
        copy.putStringProperty(Headers.FAILED_AT, failure.failedAt().toString());
        move(message, failed, deadLetterQueue, copy);
    }

    private void move(ReceivedMessage message, FailureRecords.Taken failed, String queue, Message copy)
            throws ActiveMQException, XAException {
        LocalBranch branch = LocalBranch.start(session.getXAResource());
        try {
            message.broker().acknowledge();
            failed.acknowledge();
            producer.send(SimpleString.of(queue), copy);
            branch.commit();
        } catch (ActiveMQException | XAException | RuntimeException e) {
            branch.rollback();
            throw e;
        }
    }
}
