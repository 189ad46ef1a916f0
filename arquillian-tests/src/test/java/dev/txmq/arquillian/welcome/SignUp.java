package dev.txmq.arquillian.welcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * The Celery seed's view in a container-managed transaction: INSERT a user, send the welcome task,
 * then stay in the transaction for another second before it commits.
 */
@Stateless
public class SignUp {

    /** The seed's {@code time.sleep(1)}: how long the transaction stays open after the INSERT and the send. */
    private static final long DAWDLE_MS = 1000;

    @Resource(lookup = "java:comp/env/jdbc/TxmqTestDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @PersistenceContext
    private EntityManager entities;

    public void register(String userId, boolean sendFirst) {
        try (Publisher publisher = messaging.createPublisher()) {
            if (sendFirst) {
                publisher.send(Welcome.QUEUE, new Welcome(userId));
                insert(userId);
            } else {
                insert(userId);
                publisher.send(Welcome.QUEUE, new Welcome(userId));
            }
        }
        dawdle();
    }

    /**
     * The send first, then the user through JPA: Hibernate writes the row only when it flushes, in a
     * synchronization of its own at commit, registered after txmq's.
     */
    public void registerWithJpa(String userId) {
        try (Publisher publisher = messaging.createPublisher()) {
            publisher.send(Welcome.QUEUE, new Welcome(userId));
        }
        entities.persist(new WelcomeUser(userId, userId + "@example.com"));
    }

    private void insert(String userId) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO welcome_users (id, email) VALUES (?, ?)")) {
            insert.setString(1, userId);
            insert.setString(2, userId + "@example.com");
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not insert user " + userId + ": " + e.getMessage(), e);
        }
    }

    /** Part of the scenario, not of a test: the race needs the transaction to stay open after the send. */
    private static void dawdle() {
        try {
            Thread.sleep(DAWDLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted inside the sign-up transaction", e);
        }
    }
}
