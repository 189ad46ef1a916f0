package dev.txmq.sample.web;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * Publishes a news item to {@code news} for the ejb-sample's {@code NewsHandler} (the Django STOMP
 * blog, seed 000). Outside a transaction, so the send is committed before {@link #publish} returns.
 */
@ApplicationScoped
public class NewsDesk {

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    /** The JSON the consumer reads; {@code fail} is none, second-send or computation. */
    public record News(String ownerId, String title, boolean saltAddicted, LocalDateTime registeredAt, String fail) {}

    /** @return the news item's message id, also its correlation id (which the events it causes inherit) */
    public String publish(String title, boolean saltAddicted, String fail) {
        String id = UUID.randomUUID().toString();
        News news = new News(UUID.randomUUID().toString(), title, saltAddicted,
                LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS), fail);
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(OutgoingMessage.to("news").body(news).id(id).correlationId(id).build());
        }
        return id;
    }
}
