package dev.txmq.ra.inbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.reader.TextMessageUtil;

import dev.txmq.api.IncomingMessage;
import dev.txmq.ra.JsonCodec;
import dev.txmq.ra.MessageProperties;

/** A broker message as its handler sees it. Also readable when another client (a JMS producer) sent it. */
final class ReceivedMessage implements IncomingMessage {

    private final ClientMessage message;
    private final String queue;
    private final String id;
    private final String bodyText;
    private final int attempt;
    private final JsonCodec json;

    ReceivedMessage(ClientMessage message, String queue, JsonCodec json) {
        this.message = message;
        this.queue = queue;
        this.json = json;
        this.id = MessageProperties.idOf(message);
        this.bodyText = message.getType() == Message.TEXT_TYPE
                ? String.valueOf(TextMessageUtil.readBodyText(message.getBodyBuffer())) : "";
        this.attempt = priorAttempts(message) + message.getDeliveryCount();
    }

    /** Attempts made on earlier copies of this message (retries are scheduled copies). */
    static int priorAttempts(ClientMessage message) {
        return message.containsProperty(SimpleString.of(MessageProperties.PRIOR_ATTEMPTS))
                ? message.getIntProperty(MessageProperties.PRIOR_ATTEMPTS) : 0;
    }

    /** How many times this message was replayed from its dead-letter queue (0: never). */
    int replayCount() {
        return MessageProperties.replayCount(message);
    }

    ClientMessage broker() {
        return message;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public String correlationId() {
        Object correlation = message.getCorrelationID();
        return correlation != null ? correlation.toString() : id;
    }

    @Override
    public int deliveryAttempt() {
        return attempt;
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (SimpleString name : message.getPropertyNames()) {
            String key = name.toString();
            if (MessageProperties.isApplicationHeader(key)) {
                headers.put(key, String.valueOf(message.getObjectProperty(name)));
            }
        }
        return Map.copyOf(headers);
    }

    @Override
    public Optional<String> header(String name) {
        return MessageProperties.isApplicationHeader(name) && message.containsProperty(SimpleString.of(name))
                ? Optional.of(String.valueOf(message.getObjectProperty(SimpleString.of(name)))) : Optional.empty();
    }

    @Override
    public <T> T body(Class<T> type) {
        return json.read(queue, id, bodyText, type);
    }

    @Override
    public String bodyText() {
        return bodyText;
    }

    @Override
    public Instant sentAt() {
        return Instant.ofEpochMilli(message.getTimestamp());
    }

    @Override
    public String toString() {
        return "message " + id + " on " + queue + " (attempt " + attempt + ")";
    }
}
