package dev.txmq.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;
import org.awaitility.core.ConditionTimeoutException;

import dev.txmq.api.Headers;
import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;
import dev.txmq.api.UnknownQueueException;

/**
 * Waiting assertions on one queue, read through {@link Queues} (never consuming). A failure says what
 * the queue held at the deadline. Messages waiting for a scheduled retry are counted by
 * {@link #hasMessageCount} but not seen by the message assertions (they are not browsable).
 */
public final class QueueAssert extends AbstractAssert<QueueAssert, String> {

    private static final int SCAN = 1000;

    private final Queues queues;
    private Duration deadline = Duration.ofSeconds(10);

    QueueAssert(Queues queues, String queue) {
        super(queue, QueueAssert.class);
        this.queues = Objects.requireNonNull(queues, "queues");
    }

    /** Waits up to {@code timeout} for each following assertion (default 10 s). */
    public QueueAssert within(Duration timeout) {
        this.deadline = timeout;
        return this;
    }

    /** The queue holds exactly {@code expected} messages (ready, in flight and scheduled). */
    public QueueAssert hasMessageCount(long expected) {
        long[] last = {-1};
        waitFor("hold " + expected + " messages", () -> {
            last[0] = count();
            return last[0] == expected;
        }, () -> "it holds " + last[0]);
        return this;
    }

    /** The queue holds no message. */
    public QueueAssert isEmpty() {
        return hasMessageCount(0);
    }

    /** A message of the queue is {@code body} (its JSON text, e.g. {"id":7} or "text" with the quotes). */
    public QueueAssert hasMessageWithBody(String body) {
        message(m -> body.equals(m.bodyText()), "a message with body " + body);
        return this;
    }

    /** A message of the queue has header {@code name} = {@code value}. */
    public QueueAssert hasMessageWithHeader(String name, String value) {
        message(m -> value.equals(m.headers().get(name)), "a message with header " + name + "=" + value);
        return this;
    }

    /** A message of the queue has correlation id {@code correlationId}. */
    public QueueAssert hasMessageWithCorrelationId(String correlationId) {
        message(m -> correlationId.equals(m.correlationId()), "a message with correlation id " + correlationId);
        return this;
    }

    /** A dead letter of the queue failed with {@code exceptionClass} (its {@link Headers#FAILURE_EXCEPTION}). */
    public QueueAssert hasFailure(String exceptionClass) {
        message(m -> exceptionClass.equals(m.headers().get(Headers.FAILURE_EXCEPTION)), "a dead letter that failed with " + exceptionClass);
        return this;
    }

    /** Waits for a message matching {@code condition} and returns it, for assertions of your own. */
    public QueuedMessage message(Predicate<QueuedMessage> condition, String description) {
        @SuppressWarnings("unchecked")
        Optional<QueuedMessage>[] found = new Optional[] {Optional.empty()};
        List<QueuedMessage>[] seen = new List[] {List.of()};
        waitFor("hold " + description, () -> {
            seen[0] = browse();
            found[0] = seen[0].stream().filter(condition).findFirst();
            return found[0].isPresent();
        }, () -> "it holds " + describe(seen[0]));
        return found[0].orElseThrow();
    }

    private void waitFor(String expectation, Callable<Boolean> check, Supplier<String> actual) {
        try {
            await().atMost(deadline).pollInterval(Duration.ofMillis(100)).ignoreException(UnknownQueueException.class).until(check);
        } catch (ConditionTimeoutException e) {
            failWithMessage("Expected queue '%s' to %s within %s, but %s", this.actual, expectation, deadline, actual.get());
        }
    }

    private long count() {
        return queues.statistics(actual).messages();
    }

    private List<QueuedMessage> browse() {
        return queues.browse(actual, 0, SCAN);
    }

    private static String describe(List<QueuedMessage> messages) {
        if (messages.isEmpty()) {
            return "no browsable message";
        }
        return messages.size() + " message(s): " + messages.stream().limit(10)
                .map(m -> "[id " + m.id() + ", correlation id " + m.correlationId() + ", headers " + m.headers()
                        + ", body " + m.bodyText() + "]")
                .collect(Collectors.joining(", ")) + (messages.size() > 10 ? ", ..." : "");
    }
}
