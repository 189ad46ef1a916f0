package dev.txmq.ra.outbound;

import java.util.Map;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.reader.TextMessageUtil;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.ra.MessageProperties;

/**
 * A message accepted by {@code send}, its body already written as JSON, waiting to go to the broker
 * (at once outside a transaction, at commit inside one). On the broker it is a JMS-compatible text
 * message, so JMS clients can read it too.
 */
record Envelope(String queue, String id, String json, Map<String, String> headers, String correlationId,
                long deliverAfterMs, int priority, long timeToLiveMs, String groupId, boolean persistent) {

    static Envelope of(OutgoingMessage message, String json, String defaultCorrelationId) {
        String id = message.id().orElseGet(() -> UUID.randomUUID().toString());
        return new Envelope(message.queue(), id, json, message.headers(),
                message.correlationId().orElse(defaultCorrelationId), message.deliverAfter().toMillis(),
                message.priority(), message.timeToLive().map(ttl -> ttl.toMillis()).orElse(0L),
                message.groupId().orElse(null), message.persistent());
    }

    /** The broker message; delays and expiry count from {@code nowMs}, the moment it is handed over. */
    ClientMessage toMessage(ClientSession session, long nowMs) {
        long expiration = timeToLiveMs > 0 ? nowMs + timeToLiveMs : 0;
        ClientMessage message = session.createMessage(Message.TEXT_TYPE, persistent, expiration, nowMs, (byte) priority);
        TextMessageUtil.writeBodyText(message.getBodyBuffer(), SimpleString.of(json));
        message.putStringProperty(MessageProperties.ID, id);
        message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), id);
        message.setCorrelationID(correlationId);
        if (groupId != null) {
            message.putStringProperty(Message.HDR_GROUP_ID, SimpleString.of(groupId));
        }
        if (deliverAfterMs > 0) {
            message.putLongProperty(Message.HDR_SCHEDULED_DELIVERY_TIME, nowMs + deliverAfterMs);
        }
        headers.forEach(message::putStringProperty);
        return message;
    }
}
