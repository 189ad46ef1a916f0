package dev.txmq.arquillian.badconfig;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/** Says how to consume, but not what: {@code destination} is missing. */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "3")})
public class NoDestinationHandler implements MessageHandler {

    @Override
    public void onMessage(IncomingMessage message) {
        throw new AssertionError("never activated");
    }
}
