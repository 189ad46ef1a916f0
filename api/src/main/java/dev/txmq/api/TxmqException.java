package dev.txmq.api;

/**
 * The root of every exception txmq raises. Its message names the queue (or handle, or property),
 * the value at fault and what to do. When it is thrown from a send inside a JTA transaction, that
 * transaction has been marked rollback-only.
 */
public class TxmqException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TxmqException(String message) {
        super(message);
    }

    public TxmqException(String message, Throwable cause) {
        super(message, cause);
    }
}
