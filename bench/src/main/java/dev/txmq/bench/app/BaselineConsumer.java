package dev.txmq.bench.app;

import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * W3 without XA: a JMS MDB of the non-XA pooled-connection-factory bench-remote-nonxa, no transaction
 * (the receipt is acknowledged after onMessage, the INSERT auto-commits, the send is committed alone).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = BaselineConsumer.IN),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BaselineConsumer implements MessageListener {

    static final String IN = "bench.W3.baseline-nonxa.in";
    static final String OUT = "bench.W3.baseline-nonxa.out";

    @Resource(lookup = "java:jboss/datasources/BenchLocalDS")
    DataSource database;
    @Resource(lookup = "java:/RemoteJmsNonXA")
    ConnectionFactory messaging;

    @Override
    public void onMessage(Message message) {
        long began = System.nanoTime();
        try {
            Payload order = Work.JSON.fromJson(((TextMessage) message).getText(), Payload.class);
            Work.insert(database, "W3-baseline-nonxa", order.seq());
            try (JMSContext context = messaging.createContext()) {
                context.createProducer().send(Work.queue(context, OUT), Work.JSON.toJson(order));
            }
        } catch (JMSException | SQLException e) {
            throw new IllegalStateException("W3 baseline delivery failed", e);
        }
        ConsumeStats.track("baseline-nonxa", began, null);
    }
}
