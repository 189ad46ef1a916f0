package dev.txmq.api;

/**
 * The body of an incoming message cannot be read as the type the handler asked for. Such a message
 * goes to its dead-letter queue at once, without retries.
 */
public class MalformedMessageException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
