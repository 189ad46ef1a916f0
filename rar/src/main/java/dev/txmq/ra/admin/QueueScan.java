package dev.txmq.ra.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.reader.TextMessageUtil;

import dev.txmq.api.QueuedMessage;
import dev.txmq.ra.MessageProperties;

/**
 * Reads a queue from its oldest message to its newest with a browsing consumer: nothing is consumed,
 * and unlike the broker's management listings (which stop at management-browse-page-size, 200 by
 * default) it sees every message, paged ones included. Scheduled messages are not browsed.
 */
final class QueueScan {

    private static final long PAGE_WAIT_MS = 2000;

    private QueueScan() {}

    /**
     * Passes each message of {@code queue} matching {@code filter} (null: all) to {@code visitor}, until
     * it returns false. A browser's "nothing now" is not the end of the queue while the broker is still
     * reading pages from disk, so until as many messages as the queue holds ready (without a filter)
     * have been seen, an empty answer is waited out ({@value #PAGE_WAIT_MS} ms) before the scan ends.
     */
    static void forEach(BrokerLink link, String queue, String filter, Predicate<ClientMessage> visitor) {
        forEach(link, queue, filter, filter == null ? readyCount(link, queue) : Long.MAX_VALUE, visitor);
    }

    /** The same, for a caller that knows how many messages the queue holds ready ({@code ready}). */
    private static void forEach(BrokerLink link, String queue, String filter, long ready, Predicate<ClientMessage> visitor) {
        long seen = 0;
        try (ClientConsumer browser = link.consumer(queue, filter, true)) {
            ClientMessage message;
            while ((message = seen < ready ? browser.receive(PAGE_WAIT_MS) : browser.receiveImmediate()) != null) {
                seen++;
                if (!visitor.test(message)) {
                    return;
                }
            }
        } catch (ActiveMQException e) {
            throw link.broker().unavailable("browse queue '" + queue + "'", e);
        }
    }

    /** Messages the queue holds that a browser can see: not scheduled, not in flight to a consumer. */
    private static long readyCount(BrokerLink link, String queue) {
        String resource = ResourceNames.QUEUE + queue;
        return link.number(resource, "messageCount") - link.number(resource, "scheduledCount")
                - link.number(resource, "deliveringCount");
    }

    /**
     * How long the oldest message has been on the queue, by the broker's ingress time if it records one;
     * {@code ready} is how many messages the queue holds ready, as its statistics just said.
     */
    static Duration oldestAge(BrokerLink link, String queue, long ready) {
        Instant[] received = {null};
        forEach(link, queue, null, ready, message -> {
            Long ingress = message.getIngressTimestamp();
            received[0] = Instant.ofEpochMilli(ingress != null ? ingress : message.getTimestamp());
            return false;
        });
        if (received[0] == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(received[0], Instant.now());
        return age.isNegative() ? Duration.ZERO : age;
    }

    static String header(ClientMessage message, String name) {
        Object value = message.getObjectProperty(SimpleString.of(name));
        return value == null ? null : value.toString();
    }

    static QueuedMessage toQueued(ClientMessage message, String queue) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (SimpleString name : message.getPropertyNames()) {
            if (MessageProperties.isApplicationHeader(name.toString())) {
                headers.put(name.toString(), String.valueOf(message.getObjectProperty(name)));
            }
        }
        Object correlation = message.getCorrelationID();
        String body = message.getType() == Message.TEXT_TYPE
                ? String.valueOf(TextMessageUtil.readBodyText(message.getBodyBuffer())) : "";
        String id = MessageProperties.idOf(message);
        return new QueuedMessage(id, queue, correlation == null ? id : correlation.toString(),
                Map.copyOf(headers), body, Instant.ofEpochMilli(message.getTimestamp()));
    }
}
