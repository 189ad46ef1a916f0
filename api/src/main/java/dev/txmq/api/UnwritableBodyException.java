package dev.txmq.api;

/** JSON-B could not write the body of a message; the cause says why. */
public class UnwritableBodyException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public UnwritableBodyException(String message) {
        super(message);
    }

    public UnwritableBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
