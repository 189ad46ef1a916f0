package dev.txmq.ra;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;

import dev.txmq.api.Headers;

/** Names of the broker message properties txmq itself writes; application headers may not use the txmq prefix. */
public final class MessageProperties {

    /** The txmq message id (also written as the broker's duplicate-detection id). */
    public static final String ID = "txmqId";

    /** On a retry copy: how many deliveries earlier copies of the message had. */
    public static final String PRIOR_ATTEMPTS = "txmqPriorAttempts";

    /**
     * The broker's duplicate-detection id of a copy txmq makes of message {@code id}: a retry, a dead
     * letter or a replay. It names the replay the copy belongs to, so that a message replayed from
     * its dead-letter queue can be retried and dead-lettered again, while a copy made twice in one
     * round (a move retried after a crash) is still dropped by the broker.
     */
    public static String copyId(String id, int replayCount, String purpose) {
        return id + (replayCount > 0 ? "#replay" + replayCount : "") + (purpose.isEmpty() ? "" : "#" + purpose);
    }

    /**
     * Whether a broker property is one of the message's headers as applications see them: not the
     * broker's own (_AMQ*, JMS*) nor txmq's internal ones. The failure headers written on dead
     * letters count as application headers: that is where they are read.
     */
    public static boolean isApplicationHeader(String name) {
        return !name.startsWith("_") && !name.startsWith("JMS") && !name.equals(ID) && !name.equals(PRIOR_ATTEMPTS);
    }

    /** The txmq id of a broker message, or the broker's own id for a message another client sent. */
    public static String idOf(ClientMessage message) {
        String id = message.getStringProperty(ID);
        return id != null ? id : "ID:" + message.getUserID();
    }

    /** How many times a message was replayed from its dead-letter queue ({@link Headers#REPLAY_COUNT}; 0: never). */
    public static int replayCount(Message message) {
        return message.containsProperty(SimpleString.of(Headers.REPLAY_COUNT)) ? message.getIntProperty(Headers.REPLAY_COUNT) : 0;
    }

    private MessageProperties() {}
}
