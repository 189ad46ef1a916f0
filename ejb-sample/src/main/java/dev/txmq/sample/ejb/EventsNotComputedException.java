package dev.txmq.sample.ejb;

/**
 * The computation of a news item's events failed before anything was sent (scenario 3). A checked
 * exception, so the container treats it as the bean's business and logs no error; txmq still rolls
 * the delivery back, retries it and finally dead-letters it, as it does for any exception.
 */
public class EventsNotComputedException extends Exception {

    private static final long serialVersionUID = 1L;

    public EventsNotComputedException(String message) {
        super(message);
    }
}
