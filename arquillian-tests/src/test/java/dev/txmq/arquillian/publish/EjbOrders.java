package dev.txmq.arquillian.publish;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.txmq.api.PublisherFactory;

/** Places orders in container-managed transactions (REQUIRED). */
@Stateless
public class EjbOrders {

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Resource
    private TransactionSynchronizationRegistry transaction;

    public void place(String id, String queuePrefix, Outcome outcome, boolean sendFirst) {
        OrderWork.place(database, messaging, transaction, id, queuePrefix, outcome, sendFirst);
    }
}
