package dev.txmq.api;

/**
 * Sends messages to queues.
 *
 * <p><b>Inside a JTA transaction</b> a send is part of the transaction: the message becomes visible
 * to consumers only when, and if, the transaction commits, and is discarded when it rolls back
 * (exception, {@code setRollbackOnly}, timeout). The broker's branch of the two-phase commit is
 * enlisted last and so commits after the database's: a consumer never sees a message whose rows
 * are not yet committed, whatever the order of the sends and the SQL. A transaction that sends
 * nothing has no broker branch at all.
 *
 * <p><b>Outside a transaction</b> each send is committed, durably, before it returns.
 *
 * <p>Every failure raises a {@link TxmqException} whose message names the queue, the cause and what
 * to do; when the send was made inside a transaction, that transaction is marked rollback-only.
 * A publisher is meant for one thread; create one per use (it is cheap) and close it.
 */
public interface Publisher extends AutoCloseable {

    /**
     * Sends {@code body}, written as JSON (JSON-B), to {@code queue}, which is created (durable, with
     * its dead-letter queue) on first use. The message is persistent.
     *
     * @return the message id, a new UUID
     * @throws InvalidMessageException if the queue name is not 1-200 letters, digits, '.', '_' or '-', or body is null
     * @throws UnwritableBodyException if JSON-B cannot write the body
     * @throws PublisherClosedException if this publisher is closed
     * @throws BrokerUnavailableException if the broker cannot be reached
     */
    String send(String queue, Object body);

    /**
     * Sends a message built with {@link OutgoingMessage#to(String)}; the same rules as
     * {@link #send(String, Object)} apply.
     *
     * @return the message id: the one set on the message, or a new UUID
     */
    String send(OutgoingMessage message);

    /**
     * Closes this publisher; later sends fail with {@link PublisherClosedException}. Messages it
     * sent inside a still-open transaction are not discarded: they are published when that
     * transaction commits. Closing twice is harmless.
     */
    @Override
    void close();
}
