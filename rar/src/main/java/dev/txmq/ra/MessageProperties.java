package dev.txmq.ra;

/** Names of the broker message properties txmq itself writes; application headers may not use the txmq prefix. */
public final class MessageProperties {

    /** The txmq message id (also written as the broker's duplicate-detection id). */
    public static final String ID = "txmqId";

    /** On a retry copy: how many deliveries earlier copies of the message had. */
    public static final String PRIOR_ATTEMPTS = "txmqPriorAttempts";

    private MessageProperties() {}
}
