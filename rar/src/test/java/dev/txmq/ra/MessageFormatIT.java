package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.junit.jupiter.api.Test;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.BrokerProbe;

/** What a message looks like on the broker, and the send semantics outside a transaction. */
class MessageFormatIT extends EmbeddedAdapterTest {

    private static final Jsonb JSON = JsonbBuilder.create();
    private final String queue = "events-" + UUID.randomUUID().toString().substring(0, 8);

    public record Shipment(UUID id, Instant at, OffsetDateTime promised, LocalDateTime local, BigDecimal price,
                           List<String> items, Map<String, Integer> counts) {}

    @Test
    void aSendOutsideATransactionIsOnTheQueueWhenItReturns() throws Exception {
        publisher().send(queue, "hello");
        assertThat(broker.receive(queue, Duration.ZERO)).isPresent();
    }

    @Test
    void bodiesRoundTripThroughJsonToEqualValues() throws Exception {
        Shipment sent = new Shipment(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05.123456Z"),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)), LocalDateTime.of(2026, 1, 2, 3, 4),
                new BigDecimal("1234.5600"), List.of("book", "pen"), Map.of("book", 2));
        publisher().send(queue, sent);

        assertThat(JSON.fromJson(BrokerProbe.body(only(queue)), Shipment.class)).isEqualTo(sent);
    }

    @Test
    void theMessageCarriesItsIdCorrelationIdHeadersAndSettings() throws Exception {
        String id = publisher().send(OutgoingMessage.to(queue).body("x").correlationId("order-42")
                .header("tenant", "acme").header("region", "eu").priority(7).groupId("order-42")
                .timeToLive(Duration.ofHours(1)).persistent(false).build());

        ClientMessage message = only(queue);
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(message.getStringProperty(MessageProperties.ID)).isEqualTo(id);
        assertThat(message.getCorrelationID()).hasToString("order-42");
        assertThat(message.getStringProperty("tenant")).isEqualTo("acme");
        assertThat(message.getStringProperty("region")).isEqualTo("eu");
        assertThat(message.getPriority()).isEqualTo((byte) 7);
        assertThat(message.getGroupID().toString()).isEqualTo("order-42");
        assertThat(message.getExpiration()).isBetween(System.currentTimeMillis() + 3_500_000, System.currentTimeMillis() + 3_600_000);
        assertThat(message.isDurable()).isFalse();
    }

    @Test
    void messagesArePersistentWithANewCorrelationIdByDefault() throws Exception {
        publisher().send(queue, "first");
        publisher().send(queue, "second");

        List<ClientMessage> messages = broker.drain(queue);
        assertThat(messages).allSatisfy(message -> assertThat(message.isDurable()).isTrue());
        assertThat(messages).extracting(message -> String.valueOf(message.getCorrelationID())).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void aSecondMessageWithTheSameIdIsStoredOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(publisher().send(OutgoingMessage.to(queue).id(id).body("first").build())).isEqualTo(id);
        publisher().send(OutgoingMessage.to(queue).id(id).body("retry").build());

        assertThat(broker.drainBodies(queue)).containsExactly("\"first\"");
    }

    @Test
    void aDelayedMessageArrivesOnlyAfterItsDelay() throws Exception {
        long sentAt = System.currentTimeMillis();
        publisher().send(OutgoingMessage.to(queue).body("later").deliverAfter(Duration.ofSeconds(2)).build());

        assertThat(broker.receive(queue, Duration.ofMillis(1000))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.receive(queue, Duration.ofMillis(200)).isPresent());
        assertThat(System.currentTimeMillis() - sentAt).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void everyQueueIsCreatedDurableWithItsDeadLetterQueue() throws Exception {
        publisher().send(queue, "x");
        assertThat(broker.exists(queue)).isTrue();
        assertThat(broker.exists("DLQ." + queue)).isTrue();
        assertThat(broker.isDurable(queue)).isTrue();
        assertThat(broker.isDurable("DLQ." + queue)).isTrue();
    }

    @Test
    void aMessageSentOutsideATransactionSurvivesABrokerRestart() throws Exception {
        Path journal = Path.of("target", "broker-" + UUID.randomUUID());
        StandaloneAdapter first = StandaloneAdapter.embedded(journal);
        first.factory().createPublisher().send(queue, "durable");
        first.close();

        try (StandaloneAdapter second = StandaloneAdapter.embedded(journal); BrokerProbe probe = second.probe()) {
            assertThat(probe.drainBodies(queue)).containsExactly("\"durable\"");
        }
    }

    private static Publisher publisher() {
        return txmq.factory().createPublisher();
    }

    private static ClientMessage only(String queue) throws Exception {
        List<ClientMessage> messages = broker.drain(queue);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
