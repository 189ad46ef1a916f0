package dev.txmq.api;

/** Names of the headers txmq writes on a message it moves to a dead-letter queue, and on one replayed from there. */
public final class Headers {

    /** The message of the root cause of the last failure (unwrapped from container wrappers). */
    public static final String FAILURE_REASON = "txmqFailureReason";

    /** The class name of that root cause. */
    public static final String FAILURE_EXCEPTION = "txmqFailureException";

    /** The queue the message was consumed from. */
    public static final String ORIGINAL_QUEUE = "txmqOriginalQueue";

    /** How many deliveries were attempted. */
    public static final String DELIVERY_ATTEMPTS = "txmqDeliveryAttempts";

    /** When the last attempt failed, as an ISO-8601 instant. */
    public static final String FAILED_AT = "txmqFailedAt";

    /** On a replayed message: how many times it was replayed from its dead-letter queue. */
    public static final String REPLAY_COUNT = "txmqReplayCount";

    private Headers() {}
}
