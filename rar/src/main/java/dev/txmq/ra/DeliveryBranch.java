package dev.txmq.ra;

import java.util.function.Function;

import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * The one broker branch of a message delivery in progress: the receipt is acknowledged in it, and the
 * handler's sends join it instead of taking a branch of their own. Kept in the transaction's
 * {@link jakarta.transaction.TransactionSynchronizationRegistry} resources under the adapter's
 * {@link Broker}, from the start of the delivery until it completes. Internal to txmq; public because
 * the outbound and inbound packages share it.
 */
public interface DeliveryBranch {

    /**
     * Sends, inside the branch (enlisted now if it is not yet), the message {@code make} builds for the
     * branch's session, to {@code queue} on the branch's broker node. Called from beforeCompletion.
     *
     * @throws dev.txmq.api.TxmqException when the message could not be sent: the transaction must roll back
     */
    void send(String queue, Function<ClientSession, ClientMessage> make);
}
