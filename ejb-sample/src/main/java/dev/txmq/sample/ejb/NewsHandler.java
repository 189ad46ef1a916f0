package dev.txmq.sample.ejb;

import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.Headers;
import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * The Django STOMP blog's consumer (seed 000): builds two events from a news item and sends one to
 * {@code xyz}, one to {@code acme}. The receipt of the news item, its row in {@code processed} and
 * both sends are one transaction. The news item's field {@code fail} breaks it on purpose:
 * {@code second-send} sends the second event to a queue name txmq rejects (scenario 2), so the first
 * send and the row roll back too; {@code computation} throws before any send (scenario 3). Either way
 * the news item is tried three times, 300 ms and 600 ms apart, then lands in {@code DLQ.news} with
 * the reason, about a second after it was published. A scenario-3 item replayed from {@code DLQ.news}
 * (txmq console) succeeds, as it would once its bug was fixed.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "news"),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "redeliveryDelayMs", propertyValue = "300"),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
public class NewsHandler implements MessageHandler {

    /** Not a valid queue name ('/' is not allowed): txmq's send throws InvalidMessageException. */
    static final String UNREACHABLE_ACME = "acme/unreachable";

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    public void onMessage(IncomingMessage message) throws EventsNotComputedException, SQLException {
        News news = message.body(News.class);
        NewsEvents events = NewsEvents.compute(news, message.id(), message.header(Headers.REPLAY_COUNT).isPresent());
        Processed.record(database, message);
        try (Publisher publisher = messaging.createPublisher()) { // both sends inherit the news item's correlation id
            publisher.send("xyz", events.forXyz());
            publisher.send(news.fails(News.SECOND_SEND) ? UNREACHABLE_ACME : "acme", events.forAcme());
        }
    }
}
