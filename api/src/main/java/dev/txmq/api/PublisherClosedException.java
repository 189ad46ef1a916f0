package dev.txmq.api;

/** A send on a publisher that was already closed: create a new one from the PublisherFactory. */
public class PublisherClosedException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public PublisherClosedException(String message) {
        super(message);
    }

    public PublisherClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
