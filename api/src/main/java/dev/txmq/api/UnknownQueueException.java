package dev.txmq.api;

/** A queue name the broker does not know. */
public class UnknownQueueException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public UnknownQueueException(String message) {
        super(message);
    }
}
