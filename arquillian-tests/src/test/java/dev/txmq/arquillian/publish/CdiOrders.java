package dev.txmq.arquillian.publish;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.PublisherFactory;

/** Places orders in CDI {@code @Transactional} transactions. */
@ApplicationScoped
public class CdiOrders {

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Resource
    private TransactionSynchronizationRegistry transaction;

    @Transactional
    public void place(String id, String queuePrefix, Outcome outcome, boolean sendFirst) {
        OrderWork.place(database, messaging, transaction, id, queuePrefix, outcome, sendFirst);
    }
}
