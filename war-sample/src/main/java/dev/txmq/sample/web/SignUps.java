package dev.txmq.sample.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * The Celery seed's view (seed 002) in one {@code @Transactional} method: INSERT a user and send the
 * welcome e-mail task, optionally in the other order and optionally staying in the transaction for
 * another second (the seed's {@code time.sleep(1)}). With Celery the task can run before the commit
 * and miss the user; with txmq the message becomes visible only after the INSERT committed.
 */
@ApplicationScoped
public class SignUps {

    /** The seed's pause: how long the transaction stays open after the INSERT and the send. */
    static final long PAUSE_MS = 1000;

    @Resource(lookup = "java:comp/env/jdbc/TxmqDS")
    private DataSource database;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    /** The task's JSON, read by the ejb-sample's {@code WelcomeMailer}. */
    public record WelcomeEmail(String userId) {}

    /** @return the new user's id, also the correlation id of the welcome e-mail */
    @Transactional
    public String signUp(String name, String email, boolean sendFirst, boolean pause) {
        String userId = UUID.randomUUID().toString();
        try (Publisher publisher = messaging.createPublisher()) {
            if (sendFirst) {
                send(publisher, userId);
                insert(userId, name, email);
            } else {
                insert(userId, name, email);
                send(publisher, userId);
            }
        }
        if (pause) {
            pause();
        }
        return userId;
    }

    private static void send(Publisher publisher, String userId) {
        publisher.send(OutgoingMessage.to("welcome-email").body(new WelcomeEmail(userId)).correlationId(userId).build());
    }

    private void insert(String userId, String name, String email) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sample_users (id, name, email) VALUES (?, ?, ?)")) {
            insert.setString(1, userId);
            insert.setString(2, name);
            insert.setString(3, email);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new SampleDatabaseException("Could not save user " + email, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted inside the sign-up transaction; it rolls back", e);
        }
    }
}
