package dev.txmq.api;

/**
 * The connection factory of txmq, looked up in JNDI ({@code java:/txmq/PublisherFactory} on WildFly)
 * or injected with {@code @Resource(lookup = ...)}.
 */
public interface PublisherFactory {

    /**
     * Creates a publisher. It is cheap: no broker connection is taken until a message is sent.
     * The publisher joins whatever JTA transaction is active on the thread when it sends.
     *
     * @throws TxmqException if the resource adapter is not running
     */
    Publisher createPublisher();
}
