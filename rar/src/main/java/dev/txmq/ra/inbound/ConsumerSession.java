package dev.txmq.ra.inbound;

import java.util.function.Function;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

import dev.txmq.ra.Broker;
import dev.txmq.ra.BrokerXAResource;

/** One consumer's XA session on one broker node, its XAResource and a producer, used by its thread only. */
record ConsumerSession(Broker broker, ClientSessionFactory connection, ClientSession session, BrokerXAResource xaResource,
                       ClientProducer producer) {

    /** Sends the message {@code make} builds for this session to {@code queue}, in whatever branch is active. */
    void send(String queue, Function<ClientSession, ClientMessage> make) {
        broker.ensureQueueOn(connection, queue);
        try {
            producer.send(SimpleString.of(queue), make.apply(session));
        } catch (ActiveMQException e) {
            throw broker.unavailable("send to queue '" + queue + "'", e);
        }
    }
}
