package dev.txmq.bench.app;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/** W3 for txmq: reads the order, INSERTs a row and sends one message, in the delivery's XA transaction. */
@MessageDriven(messageListenerInterface = MessageHandler.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = TxmqConsumer.IN),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "8")})
public class TxmqConsumer implements MessageHandler {

    static final String IN = "bench.W3.txmq.in";
    static final String OUT = "bench.W3.txmq.out";

    @Resource(lookup = "java:jboss/datasources/BenchDS")
    DataSource database;
    @Resource(lookup = "java:/txmq/PublisherFactory")
    PublisherFactory messaging;
    @Resource
    TransactionSynchronizationRegistry transactions;

    @Override
    public void onMessage(IncomingMessage message) throws Exception {
        long began = System.nanoTime();
        ConsumeStats.track("txmq", began, transactions);
        Payload order = message.body(Payload.class);
        Work.insert(database, "W3-txmq", order.seq());
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(OUT, order);
        }
    }
}
