package dev.txmq.api;

/** A message that cannot be sent as built: a bad queue name, header, priority, delay, time-to-live or id, or a null body. */
public class InvalidMessageException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
