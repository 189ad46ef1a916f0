package dev.txmq.arquillian.badconfig;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/** {@code nonRetryableExceptions} names a class that does not exist. */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "bad-exception-it"),
        @ActivationConfigProperty(propertyName = "nonRetryableExceptions", propertyValue = "com.example.NoSuchException")})
public class UnknownExceptionHandler implements MessageHandler {

    @Override
    public void onMessage(IncomingMessage message) {
        throw new AssertionError("never activated");
    }
}
