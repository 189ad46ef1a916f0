package dev.txmq.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A message to send, immutable. Built with {@code OutgoingMessage.to("orders").body(order).build()};
 * every builder method validates its argument at once and throws {@link InvalidMessageException}
 * naming the queue, the value and the rule.
 *
 * <p>Defaults: persistent, priority 4, delivered at once, never expires, no group, a new UUID as id,
 * and a correlation id inherited from the message being handled (inside a {@link MessageHandler})
 * or a new one (elsewhere).
 */
public final class OutgoingMessage {

    /** The longest header name. */
    public static final int MAX_HEADER_NAME_LENGTH = 128;
    /** The most bytes (UTF-8) all header names and values of a message may take together. */
    public static final int MAX_HEADERS_BYTES = 16 * 1024;
    /** The longest message id, correlation id or group id. */
    public static final int MAX_ID_LENGTH = 200;
    /** The default priority, as in JMS. */
    public static final int DEFAULT_PRIORITY = 4;

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String queue;
    private final Object body;
    private final Map<String, String> headers;
    private final String correlationId;
    private final String id;
    private final Duration deliverAfter;
    private final int priority;
    private final Duration timeToLive;
    private final String groupId;
    private final boolean persistent;

    private OutgoingMessage(Builder b) {
        queue = b.queue;
        body = b.body;
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        correlationId = b.correlationId;
        id = b.id;
        deliverAfter = b.deliverAfter;
        priority = b.priority;
        timeToLive = b.timeToLive;
        groupId = b.groupId;
        persistent = b.persistent;
    }

    /**
     * Starts a message to {@code queue}.
     *
     * @throws InvalidMessageException if the queue name is invalid (see {@link QueueNames})
     */
    public static Builder to(String queue) {
        return new Builder(QueueNames.requireValid(queue));
    }

    public String queue() { return queue; }

    /** The body, written as JSON when sent. */
    public Object body() { return body; }

    /** Application headers, in the order they were added; unmodifiable. */
    public Map<String, String> headers() { return headers; }

    public Optional<String> correlationId() { return Optional.ofNullable(correlationId); }

    public Optional<String> id() { return Optional.ofNullable(id); }

    /** How long after the commit (or the send, outside a transaction) the message becomes deliverable. */
    public Duration deliverAfter() { return deliverAfter; }

    /** 0 (lowest) to 9 (highest). */
    public int priority() { return priority; }

    /** How long the message may wait before it expires; empty for never. */
    public Optional<Duration> timeToLive() { return Optional.ofNullable(timeToLive); }

    public Optional<String> groupId() { return Optional.ofNullable(groupId); }

    public boolean persistent() { return persistent; }

    @Override
    public String toString() {
        return "OutgoingMessage[queue=" + queue + ", id=" + id + ", headers=" + headers.keySet() + "]";
    }

    /** Builds an {@link OutgoingMessage}; not thread-safe. */
    public static final class Builder {
        private final String queue;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;
        private String correlationId;
        private String id;
        private Duration deliverAfter = Duration.ZERO;
        private int priority = DEFAULT_PRIORITY;
        private Duration timeToLive;
        private String groupId;
        private boolean persistent = true;
        private int headerBytes;

        private Builder(String queue) {
            this.queue = queue;
        }

        /** The body, written as JSON (JSON-B) when sent; required, not null. */
        public Builder body(Object body) {
            this.body = require(body, "body");
            return this;
        }

        /**
         * Adds an application header. Names start with a letter, then letters, digits or '_', at most
         * 128 characters, and may not start with the reserved prefixes "txmq", "JMS" or "_AMQ".
         */
        public Builder header(String name, String value) {
            checkHeaderName(name);
            require(value, "value of header '" + name + "'");
            String previous = headers.put(name, value);
            headerBytes += bytes(name) + bytes(value) - (previous == null ? 0 : bytes(name) + bytes(previous));
            if (headerBytes > MAX_HEADERS_BYTES) {
                headers.remove(name);
                throw invalid("headers take " + headerBytes + " bytes with '" + name + "', more than the "
                        + MAX_HEADERS_BYTES + " allowed: put large data in the body");
            }
            return this;
        }

        /** The correlation id; by default inherited inside a handler, otherwise new. */
        public Builder correlationId(String correlationId) {
            this.correlationId = checkId(correlationId, "correlationId");
            return this;
        }

        /** The message id, also the broker's duplicate-detection id: a second message with the same id to the same queue is stored once. */
        public Builder id(String id) {
            this.id = checkId(id, "id");
            return this;
        }

        /** Delays delivery; zero (the default) delivers at once. */
        public Builder deliverAfter(Duration delay) {
            require(delay, "deliverAfter");
            if (delay.isNegative()) {
                throw invalid("deliverAfter is " + delay + ": use zero or a positive duration");
            }
            this.deliverAfter = delay;
            return this;
        }

        /** 0 (lowest) to 9 (highest); default 4. */
        public Builder priority(int priority) {
            if (priority < 0 || priority > 9) {
                throw invalid("priority is " + priority + ": use 0 (lowest) to 9 (highest)");
            }
            this.priority = priority;
            return this;
        }

        /** How long the message may wait for a consumer before it expires; by default it never does. */
        public Builder timeToLive(Duration timeToLive) {
            require(timeToLive, "timeToLive");
            if (timeToLive.isNegative() || timeToLive.isZero()) {
                throw invalid("timeToLive is " + timeToLive + ": use a positive duration, or leave it unset for no expiry");
            }
            this.timeToLive = timeToLive;
            return this;
        }

        /** Messages with the same group id are consumed in order, by one consumer at a time. */
        public Builder groupId(String groupId) {
            this.groupId = checkId(groupId, "groupId");
            return this;
        }

        /** Whether the message survives a broker restart; default true. */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** @throws InvalidMessageException if no body was set */
        public OutgoingMessage build() {
            if (body == null) {
                throw invalid("it has no body: call body(...) before build()");
            }
            return new OutgoingMessage(this);
        }

        private void checkHeaderName(String name) {
            require(name, "header name");
            if (name.length() > MAX_HEADER_NAME_LENGTH || !HEADER_NAME.matcher(name).matches()) {
                throw invalid("header name '" + name + "' is invalid: start with a letter, then letters, digits or '_', at most "
                        + MAX_HEADER_NAME_LENGTH + " characters");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("txmq") || lower.startsWith("jms")) {
                throw invalid("header name '" + name + "' uses a reserved prefix (txmq, JMS): choose another name");
            }
        }

        private String checkId(String value, String what) {
            require(value, what);
            if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
                throw invalid(what + " '" + value + "' is invalid: use 1 to " + MAX_ID_LENGTH + " non-blank characters");
            }
            return value;
        }

        private <T> T require(T value, String what) {
            if (value == null) {
                throw invalid(what + " is null");
            }
            return value;
        }

        private InvalidMessageException invalid(String problem) {
            return new InvalidMessageException("Message to queue '" + queue + "' is invalid: " + problem);
        }

        private static int bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
