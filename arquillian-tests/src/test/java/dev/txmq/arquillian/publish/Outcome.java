package dev.txmq.arquillian.publish;

/** How a test transaction ends. */
public enum Outcome {
    /** The method returns: the transaction commits. */
    COMMIT,
    /** The method throws an unchecked exception after its INSERT and sends: the container rolls back. */
    THROW,
    /** The method marks the transaction rollback-only and returns. */
    ROLLBACK_ONLY
}
