package dev.txmq.arquillian.badconfig;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/** {@code maxDeliveryAttempts=-1}: there must be at least one delivery. */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "bad-attempts-it"),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "-1")})
public class NegativeAttemptsHandler implements MessageHandler {

    @Override
    public void onMessage(IncomingMessage message) {
        throw new AssertionError("never activated");
    }
}
