package dev.txmq.api;

/**
 * The message listener type that message-driven beans implement to consume from a txmq queue.
 *
 * <p>Each delivery runs in an XA transaction that also covers the receipt of the message: the
 * handler's database work, the messages it sends and the receipt commit together. When the handler
 * throws (any exception, checked or not) or marks the transaction rollback-only, all three roll
 * back and the message is redelivered with back-off; after the last attempt it is moved to its
 * dead-letter queue with the failure written on it (see {@link Headers}).
 */
public interface MessageHandler {

    /**
     * Handles one message.
     *
     * @throws Exception to roll back this delivery and have the message retried or dead-lettered
     */
    void onMessage(IncomingMessage message) throws Exception;
}
