package dev.txmq.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A message delivered to a {@link MessageHandler}. */
public interface IncomingMessage {

    /** The message id given by the sender, or the UUID generated for it. */
    String id();

    /** The queue the message was delivered from. */
    String queue();

    /** The correlation id; sends made while handling this message inherit it. */
    String correlationId();

    /** 1 on the first delivery, 2 on the first retry, and so on. */
    int deliveryAttempt();

    /** The application headers, unmodifiable. */
    Map<String, String> headers();

    /** One application header, if present. */
    Optional<String> header(String name);

    /**
     * Reads the JSON body as {@code type}.
     *
     * @throws MalformedMessageException if the body cannot be read as {@code type}; the message then
     *     goes to its dead-letter queue at once, without retries
     */
    <T> T body(Class<T> type);

    /** The body as the JSON text it was sent as. */
    String bodyText();

    /** When the message was sent. */
    Instant sentAt();
}
