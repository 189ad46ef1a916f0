package dev.txmq.arquillian.news;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * The blog's consumer: builds two events from a news item and sends one to XYZ, one to ACME. The
 * header {@code fail} breaks it on purpose: {@code second-send} sends the second event to an invalid
 * queue name (scenario 2), {@code computation} throws before any send (scenario 3).
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = NewsEvents.NEWS),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "redeliveryDelayMs", propertyValue = "100")})
public class NewsHandler implements MessageHandler {

    /** Not a valid queue name ('/' is rejected): the send throws InvalidMessageException. */
    static final String BROKEN_ACME = "acme/bad";

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    public void onMessage(IncomingMessage message) throws Exception {
        Attempts.started(message.id());
        String fail = message.header("fail").orElse("");
        News news = message.body(News.class);
        if (fail.equals("computation")) {
            throw new EventsNotComputedException("Cannot build the events of news " + message.id()
                    + ": the computation failed (on purpose)");
        }
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(NewsEvents.XYZ, NewsEvents.forXyz(news));
            publisher.send(fail.equals("second-send") ? BROKEN_ACME : NewsEvents.ACME, NewsEvents.forAcme(news));
        }
    }
}
