package dev.txmq.arquillian.publish;

/** How a test transaction ends. */
public enum Outcome {
    /** The method returns: the transaction commits. */
    COMMIT,
    /** The method throws an unchecked exception after its INSERT and sends: the container rolls back. */
    THROW,
    /** The method marks the transaction rollback-only and returns. */
    ROLLBACK_ONLY,
    /**
     * The method returns, but its INSERTs break a constraint PostgreSQL checks only at commit
     * (DEFERRABLE INITIALLY DEFERRED): the database votes rollback in prepare, after the sends were
     * handed to the broker.
     */
    VIOLATE_AT_COMMIT
}
