package dev.txmq.api;

/**
 * The broker could not be reached, or the connection to it failed; nothing was sent. Check that the
 * broker at the adapter's brokerUrl is running.
 */
public class BrokerUnavailableException extends TxmqException {

    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
