package dev.txmq.ra.inbound;

import java.time.Instant;

import dev.txmq.api.TxmqException;

/**
 * Why one delivery of a message failed, and what happens to it next. Plain values, since the
 * server that acts on a failure may not be the one that saw it (see {@link FailureRecords}).
 *
 * @param exception the class name of the root cause, unwrapped from container wrappers such as EJBException
 * @param reason the root cause's message, or its simple class name when it has none
 * @param attempt the delivery attempt that failed (1 = the first)
 * @param deadLetter whether the message goes to its dead-letter queue instead of being retried
 */
record Failure(String exception, String reason, int attempt, boolean deadLetter, Instant failedAt) {

    /** The exception of a failure no server recorded; the operations API counts dead letters without one alike. */
    static final String NOT_RECORDED = "(not recorded)";

    /** The failure of {@code attempt}, now. */
    static Failure of(Throwable failure, int attempt, boolean deadLetter) {
        Throwable root = rootOf(failure);
        String message = root.getMessage();
        return new Failure(root.getClass().getName(), message != null ? message : root.getClass().getSimpleName(),
                attempt, deadLetter, Instant.now());
    }

    /** Stands for failures no server recorded (a server died before it could), once the attempts are used up. */
    static Failure notRecorded(int attempts) {
        return new Failure(NOT_RECORDED, "delivered " + attempts + " times without success; the last"
                + " failure was not recorded (the server handling it stopped before it could)", attempts, true, Instant.now());
    }

    /**
     * The innermost cause, past container wrappers (EJBException and the like) and the handler's own
     * wrapping; a txmq exception is kept as it is, since its message already says what went wrong
     * and its causes are library internals (a JSON parser's, say).
     */
    static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (!(root instanceof TxmqException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public String toString() {
        return exception + ": " + reason;
    }

    /** Stands for a handler that marked its transaction rollback-only without throwing. */
    static final class RolledBackByHandler extends Exception {
        private static final long serialVersionUID = 1L;

        RolledBackByHandler() {
            super("the handler marked its transaction rollback-only");
        }
    }
}
