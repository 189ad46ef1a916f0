package dev.txmq.ra.outbound;

import dev.txmq.api.InvalidMessageException;
import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherClosedException;
import dev.txmq.api.TxmqException;

/** The {@link Publisher} applications hold: validates, then hands messages to its factory. */
final class PublisherHandle implements Publisher {

    private final TxmqPublisherFactory factory;
    private volatile boolean closed;

    PublisherHandle(TxmqPublisherFactory factory) {
        this.factory = factory;
    }

    @Override
    public String send(String queue, Object body) {
        try {
            return send(OutgoingMessage.to(queue).body(body).build());
        } catch (TxmqException e) {
            factory.rollbackOnlyAfter(e);
            throw e;
        }
    }

    @Override
    public String send(OutgoingMessage message) {
        try {
            if (message == null) {
                throw new InvalidMessageException("The message to send is null: build one with OutgoingMessage.to(queue)");
            }
            if (closed) {
                throw new PublisherClosedException("Cannot send to queue '" + message.queue() + "': this publisher is"
                        + " closed. Create a new one with PublisherFactory.createPublisher()");
            }
            return factory.publish(message);
        } catch (TxmqException e) {
            factory.rollbackOnlyAfter(e);
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
