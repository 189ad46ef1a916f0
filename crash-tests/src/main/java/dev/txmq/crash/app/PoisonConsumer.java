package dev.txmq.crash.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * Consumes {@value Order#POISON} and refuses every message, after writing down the attempt (in a
 * transaction of its own, {@link Attempts}, so the row outlives the delivery's rollback) with the
 * node identifier of the server that made it.
 */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Order.POISON),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "4"),
        @ActivationConfigProperty(propertyName = "redeliveryDelayMs", propertyValue = "300"),
        @ActivationConfigProperty(propertyName = "redeliveryMultiplier", propertyValue = "2.0"),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
public class PoisonConsumer implements MessageHandler {

    @EJB
    private Attempts attempts;

    @Override
    public void onMessage(IncomingMessage message) {
        String orderId = message.body(Order.class).orderId();
        attempts.record(orderId, message.deliveryAttempt(), System.getProperty("txmq.node.id", "txmq-crash"));
        throw new IllegalStateException("attempt " + message.deliveryAttempt() + " of poison " + orderId + " refused");
    }
}
