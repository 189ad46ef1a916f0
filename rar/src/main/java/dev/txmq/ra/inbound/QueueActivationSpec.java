package dev.txmq.ra.inbound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import dev.txmq.api.QueueNames;

/**
 * How a message-driven bean consumes a txmq queue: the activation config properties, each with its
 * default (see META-INF/ra.xml and the README). {@link #validate} runs at deployment; an invalid
 * value fails the deployment with a message naming the property, the value and the rule.
 */
public final class QueueActivationSpec implements ActivationSpec {

    private ResourceAdapter adapter;
    private String destination;
    private int maxDeliveryAttempts = 5;
    private long redeliveryDelayMs = 1000;
    private double redeliveryMultiplier = 2.0;
    private long maxRedeliveryDelayMs = 60_000;
    private int maxSessions = 4;
    private String deadLetterQueue;
    private String messageSelector;
    private String nonRetryableExceptions = "";

    @Override
    public void validate() throws InvalidPropertyException {
        List<String> problems = new ArrayList<>();
        if (destination == null || destination.isBlank()) {
            problems.add("destination is required: the queue to consume, e.g. destination=orders");
        } else if (!QueueNames.isValid(destination)) {
            problems.add("destination '" + destination + "' is invalid: use 1 to 200 letters, digits, '.', '_' or '-'");
        }
        require(problems, maxDeliveryAttempts >= 1, "maxDeliveryAttempts", maxDeliveryAttempts, "at least 1 (1 = no retries)");
        require(problems, redeliveryDelayMs >= 0, "redeliveryDelayMs", redeliveryDelayMs, "0 or more milliseconds");
        require(problems, redeliveryMultiplier >= 1.0, "redeliveryMultiplier", redeliveryMultiplier, "1.0 or more");
        require(problems, maxRedeliveryDelayMs >= redeliveryDelayMs, "maxRedeliveryDelayMs", maxRedeliveryDelayMs,
                "at least redeliveryDelayMs (" + redeliveryDelayMs + ")");
        require(problems, maxSessions >= 1, "maxSessions", maxSessions, "at least 1");
        if (deadLetterQueue != null && !deadLetterQueue.isBlank() && !QueueNames.isValid(deadLetterQueue)) {
            problems.add("deadLetterQueue '" + deadLetterQueue + "' is invalid: use 1 to 200 letters, digits, '.', '_' or '-'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidPropertyException("Invalid txmq activation config"
                    + (destination == null || destination.isBlank() ? "" : " for destination '" + destination + "'") + ": "
                    + String.join("; ", problems));
        }
    }

    private static void require(List<String> problems, boolean ok, String property, Object value, String rule) {
        if (!ok) {
            problems.add(property + " is " + value + ": use " + rule);
        }
    }

    /** The names listed in nonRetryableExceptions, trimmed. */
    List<String> nonRetryableExceptionNames() {
        return Arrays.stream(nonRetryableExceptions.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /** The delay before retry {@code n} (1 = the first retry): delay × multiplier^(n-1), capped. */
    long delayBeforeRetryMs(int n) {
        double delay = redeliveryDelayMs * Math.pow(redeliveryMultiplier, n - 1);
        return (long) Math.min(delay, maxRedeliveryDelayMs);
    }

    /** The queue consumed. Required. */
    public String getDestination() { return destination; }
    public void setDestination(String destination) { this.destination = destination == null ? null : destination.strip(); }

    /** How many deliveries in all, the first included (3 = the first and two retries); default 5. */
    public Integer getMaxDeliveryAttempts() { return maxDeliveryAttempts; }
    public void setMaxDeliveryAttempts(Integer value) { this.maxDeliveryAttempts = value; }

    /** The delay before the first retry, in milliseconds; default 1000. */
    public Long getRedeliveryDelayMs() { return redeliveryDelayMs; }
    public void setRedeliveryDelayMs(Long value) { this.redeliveryDelayMs = value; }

    /** Each later retry waits this many times longer; default 2.0. */
    public Double getRedeliveryMultiplier() { return redeliveryMultiplier; }
    public void setRedeliveryMultiplier(Double value) { this.redeliveryMultiplier = value; }

    /** The longest delay between retries, in milliseconds; default 60000. */
    public Long getMaxRedeliveryDelayMs() { return maxRedeliveryDelayMs; }
    public void setMaxRedeliveryDelayMs(Long value) { this.maxRedeliveryDelayMs = value; }

    /** How many messages are handled at once (one broker session each); default 4. */
    public Integer getMaxSessions() { return maxSessions; }
    public void setMaxSessions(Integer value) { this.maxSessions = value; }

    /** Where messages go after the last attempt; default the adapter's deadLetterPrefix + destination. */
    public String getDeadLetterQueue() { return deadLetterQueue; }
    public void setDeadLetterQueue(String deadLetterQueue) { this.deadLetterQueue = deadLetterQueue; }

    /** An Artemis filter expression on headers (e.g. {@code tenant = 'acme'}); default none. */
    public String getMessageSelector() { return messageSelector; }
    public void setMessageSelector(String messageSelector) { this.messageSelector = messageSelector; }

    /** Comma-separated exception class names that go to the dead-letter queue at once, without retries. */
    public String getNonRetryableExceptions() { return nonRetryableExceptions; }
    public void setNonRetryableExceptions(String names) { this.nonRetryableExceptions = names == null ? "" : names; }

    @Override
    public ResourceAdapter getResourceAdapter() { return adapter; }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) { this.adapter = adapter; }

    @Override
    public String toString() {
        return "QueueActivationSpec[destination=" + destination + ", maxDeliveryAttempts=" + maxDeliveryAttempts
                + ", redeliveryDelayMs=" + redeliveryDelayMs + ", redeliveryMultiplier=" + redeliveryMultiplier
                + ", maxRedeliveryDelayMs=" + maxRedeliveryDelayMs + ", maxSessions=" + maxSessions
                + ", deadLetterQueue=" + deadLetterQueue + ", messageSelector=" + messageSelector
                + ", nonRetryableExceptions=" + nonRetryableExceptions + "]";
    }
}
