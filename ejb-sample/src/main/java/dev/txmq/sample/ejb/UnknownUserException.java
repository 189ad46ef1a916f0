package dev.txmq.sample.ejb;

/** The Celery seed's {@code User.DoesNotExist}: the task ran before the user's row was committed. */
public class UnknownUserException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnknownUserException(String message) {
        super(message);
    }
}
