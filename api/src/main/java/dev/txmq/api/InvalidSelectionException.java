package dev.txmq.api;

/**
 * An operations request that cannot be carried out as given: a bad page, filter or time window, or a
 * replay from a queue that is not a dead-letter queue.
 */
public class InvalidSelectionException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public InvalidSelectionException(String message) {
        super(message);
    }

    public InvalidSelectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
