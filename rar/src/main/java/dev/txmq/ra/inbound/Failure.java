package dev.txmq.ra.inbound;

import java.time.Instant;

import dev.txmq.api.TxmqException;

/**
 * Why one delivery of a message failed, and what happens to it next.
 *
 * @param rootCause the innermost cause, unwrapped from container wrappers such as EJBException
 * @param attempt the delivery attempt that failed (1 = the first)
 * @param deadLetter whether the message goes to its dead-letter queue instead of being retried
 */
record Failure(Throwable rootCause, int attempt, boolean deadLetter, Instant failedAt) {

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

    String reason() {
        String message = rootCause.getMessage();
        return message != null ? message : rootCause.getClass().getSimpleName();
    }

    /** Stands for a handler that marked its transaction rollback-only without throwing. */
    static final class RolledBackByHandler extends Exception {
        private static final long serialVersionUID = 1L;

        RolledBackByHandler() {
            super("the handler marked its transaction rollback-only");
        }
    }

    /** Stands for a failure that happened where this adapter could not see it (another server, before a restart). */
    static final class NotRecorded extends Exception {
        private static final long serialVersionUID = 1L;

        NotRecorded(int attempts) {
            super("delivered " + attempts + " times without success; the last failure was not recorded here"
                    + " (another server handled it, or this one restarted)");
        }
    }
}
