package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.txmq.api.InvalidMessageException;
import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherClosedException;
import dev.txmq.api.UnwritableBodyException;
import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.Narayana;

/** Guarantee 5: bad input gets a TxmqException that names the problem, and the transaction does not commit. */
class BadInputIT extends EmbeddedAdapterTest {

    private final String queue = "orders-" + UUID.randomUUID().toString().substring(0, 8);

    /** A body whose getter fails, as an entity with a broken lazy association would. */
    public static final class BrokenBody {
        public String getName() {
            throw new IllegalStateException("lazy association not loaded");
        }
    }

    @Test
    void nullQueueIsRejected() {
        assertThatThrownBy(() -> publisher().send(null, "x"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("Queue name null is invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "orders/eu", "two words", "orders.*", "orders.#", "orders;drop", "émile"})
    void illegalQueueNamesAreRejectedBeforeTheBroker(String name) throws Exception {
        assertThatThrownBy(() -> publisher().send(name, "x"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("letters, digits, '.', '_' or '-'");
        if (!name.isBlank()) {
            assertThat(broker.exists(name)).isFalse();
        }
    }

    @Test
    void aQueueNameOf201CharactersIsRejectedAnd200Accepted() throws Exception {
        assertThatThrownBy(() -> publisher().send("q".repeat(201), "x"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("201 characters");
        String longest = "q".repeat(199) + UUID.randomUUID().toString().charAt(0);
        publisher().send(longest, "x");
        assertThat(broker.drain(longest)).hasSize(1);
    }

    @Test
    void aBodyJsonbCannotWriteIsRejectedNamingQueueAndType() {
        assertThatThrownBy(() -> publisher().send(queue, new BrokenBody()))
                .isInstanceOf(UnwritableBodyException.class)
                .hasMessageContaining(queue)
                .hasMessageContaining(BrokenBody.class.getName())
                .hasMessageContaining("lazy association not loaded");
    }

    @Test
    void aNullBodyIsRejected() {
        assertThatThrownBy(() -> publisher().send(queue, null))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining(queue).hasMessageContaining("body is null");
    }

    @Test
    void headerProblemsAreRejected() {
        assertThatThrownBy(() -> OutgoingMessage.to(queue).header(null, "v"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("header name is null");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).header("tenant", null))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("value of header 'tenant' is null");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).header("JMSType", "v"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("reserved prefix");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).header("has space", "v"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("'has space' is invalid");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).header("big", "x".repeat(OutgoingMessage.MAX_HEADERS_BYTES)))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("more than the 16384 allowed");
    }

    @Test
    void negativeDelayAndPriorityOutOfRangeAreRejected() {
        assertThatThrownBy(() -> OutgoingMessage.to(queue).deliverAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("deliverAfter is PT-1S");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).priority(10))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("priority is 10: use 0 (lowest) to 9");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).priority(-1))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("priority is -1");
        assertThatThrownBy(() -> OutgoingMessage.to(queue).timeToLive(Duration.ZERO))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("timeToLive is PT0S");
    }

    @Test
    void aClosedPublisherFailsFast() {
        Publisher publisher = publisher();
        publisher.close();
        assertThatThrownBy(() -> publisher.send(queue, "x"))
                .isInstanceOf(PublisherClosedException.class)
                .hasMessageContaining(queue).hasMessageContaining("createPublisher()");
    }

    @Test
    void aFailedSendInsideATransactionRollsItBack() throws Exception {
        TransactionManager tm = Narayana.transactionManager();
        String order = UUID.randomUUID().toString();
        tm.begin();
        Database.insertOrder(order, "book");
        Publisher publisher = publisher();
        publisher.send(queue, Map.of("order", order));
        assertThatThrownBy(() -> publisher.send(queue, new BrokenBody())).isInstanceOf(UnwritableBodyException.class);

        assertThat(tm.getStatus()).isEqualTo(Status.STATUS_MARKED_ROLLBACK);
        assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);
        assertThat(Database.orderExists(order)).isFalse();
        assertThat(broker.drain(queue)).isEmpty();
    }

    private static Publisher publisher() {
        return txmq.factory().createPublisher();
    }
}
