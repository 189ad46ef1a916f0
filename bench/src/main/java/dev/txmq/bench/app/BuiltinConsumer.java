package dev.txmq.bench.app;

import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * W3 for WildFly's built-in messaging: the same work as {@link TxmqConsumer}, a JMS MDB of the
 * pooled-connection-factory bench-remote (jboss-ejb3.xml), in the delivery's XA transaction.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = BuiltinConsumer.IN),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")})
public class BuiltinConsumer implements MessageListener {

    static final String IN = "bench.W3.builtin.in";
    static final String OUT = "bench.W3.builtin.out";

    @Resource(lookup = "java:jboss/datasources/BenchDS")
    DataSource database;
    @Inject
    @JMSConnectionFactory("java:/RemoteJmsXA")
    JMSContext messaging;
    @Resource
    TransactionSynchronizationRegistry transactions;

    @Override
    public void onMessage(Message message) {
        long began = System.nanoTime();
        ConsumeStats.track("builtin", began, transactions);
        try {
            Payload order = Work.JSON.fromJson(((TextMessage) message).getText(), Payload.class);
            Work.insert(database, "W3-builtin", order.seq());
            messaging.createProducer().send(Work.queue(messaging, OUT), Work.JSON.toJson(order));
        } catch (JMSException | SQLException e) {
            throw new IllegalStateException("W3 builtin delivery failed", e);
        }
    }
}
