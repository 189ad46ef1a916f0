package dev.txmq.bench.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * One unit of work per contender: INSERT a row, then send one message per queue. {@code txmq} and
 * {@code builtin} run in one container-managed XA transaction; {@code baseline} runs without one
 * (the INSERT auto-commits locally, each send is committed by the broker on its own).
 */
@Stateless
public class Work {

    static final Jsonb JSON = JsonbBuilder.create();
    /**
     * JMS Queue objects by name, made once: the built-in adapter's createQueue asks the broker each time
     * (a round trip), which an application injecting a Queue from JNDI would not pay.
     */
    private static final Map<String, Queue> QUEUES = new ConcurrentHashMap<>();

    @Resource(lookup = "java:jboss/datasources/BenchDS")
    DataSource xaDatabase;
    @Resource(lookup = "java:jboss/datasources/BenchLocalDS")
    DataSource localDatabase;
    @Resource(lookup = "java:/txmq/PublisherFactory")
    PublisherFactory txmq;
    @Inject
    @JMSConnectionFactory("java:/RemoteJmsXA")
    JMSContext builtin;
    @Resource(lookup = "java:/RemoteJmsNonXA")
    ConnectionFactory nonXa;

    public void run(String contender, String tag, long seq, List<String> queues) throws SQLException {
        switch (contender) {
            case "txmq" -> txmq(tag, seq, queues);
            case "builtin" -> builtin(tag, seq, queues);
            default -> throw new IllegalArgumentException("contender " + contender);
        }
    }

    void txmq(String tag, long seq, List<String> queues) throws SQLException {
        insert(xaDatabase, tag, seq);
        try (Publisher publisher = txmq.createPublisher()) {
            for (String queue : queues) {
                publisher.send(queue, Payload.of(tag, seq));
            }
        }
    }

    void builtin(String tag, long seq, List<String> queues) throws SQLException {
        insert(xaDatabase, tag, seq);
        JMSProducer producer = builtin.createProducer();
        for (String queue : queues) {
            producer.send(queue(builtin, queue), JSON.toJson(Payload.of(tag, seq)));
        }
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void baseline(String tag, long seq, List<String> queues) throws SQLException {
        insert(localDatabase, tag, seq);
        try (JMSContext context = nonXa.createContext()) {
            JMSProducer producer = context.createProducer();
            for (String queue : queues) {
                producer.send(queue(context, queue), JSON.toJson(Payload.of(tag, seq)));
            }
        }
    }

    /** Sends {@code count} messages to {@code queue} in this transaction, for W3 (no row). */
    public void preload(String contender, String tag, long from, int count, String queue) {
        if (contender.equals("txmq")) {
            try (Publisher publisher = txmq.createPublisher()) {
                for (long seq = from; seq < from + count; seq++) {
                    publisher.send(queue, Payload.of(tag, seq));
                }
            }
        } else {
            JMSProducer producer = builtin.createProducer();
            for (long seq = from; seq < from + count; seq++) {
                producer.send(queue(builtin, queue), JSON.toJson(Payload.of(tag, seq)));
            }
        }
    }

    static Queue queue(JMSContext context, String name) {
        return QUEUES.computeIfAbsent(name, context::createQueue);
    }

    static void insert(DataSource database, String tag, long seq) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_row (tag, seq) VALUES (?, ?)")) {
            insert.setString(1, tag);
            insert.setLong(2, seq);
            insert.executeUpdate();
        }
    }
}
