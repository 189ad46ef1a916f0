package dev.txmq.arquillian.news;

/** A checked exception: the computation of the events failed before anything was sent (scenario 3). */
public class EventsNotComputedException extends Exception {

    private static final long serialVersionUID = 1L;

    public EventsNotComputedException(String message) {
        super(message);
    }
}
