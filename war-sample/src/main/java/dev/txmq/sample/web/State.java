package dev.txmq.sample.web;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/state} answers: the newest rows (at most {@link SampleState#ROWS} of each) of
 * the samples' tables, and the newest dead letters of the dead-letter queues, newest first. JSON-B leaves out null fields.
 */
public record State(List<Order> orders, List<User> users, List<Processed> processed,
                    List<WelcomeEmail> welcomeEmails, List<DeadLetter> deadLetters) {

    /** A row of {@code sample_orders}: saved by {@code POST /api/orders}. */
    public record Order(String id, String item, int quantity, Instant createdAt) {}

    /** A row of {@code sample_users}: saved by {@code POST /api/signups}. */
    public record User(String id, String name, String email, Instant createdAt) {}

    /** A row of {@code processed}: a message a consumer of {@code queue} handled and committed. */
    public record Processed(long id, String queue, String messageId, String correlationId, String body,
                            Instant processedAt) {}

    /** A row of {@code welcome_emails}: the welcome e-mail task found the user on delivery {@code attempt}. */
    public record WelcomeEmail(String userId, String email, String messageId, int attempt, Instant sentAt) {}

    /** A message in dead-letter queue {@code queue}, read through txmq's Queues API, with why it failed. */
    public record DeadLetter(String queue, String originalQueue, String messageId, String correlationId,
                             String body, String failureReason, String failureException, Integer attempts,
                             Instant failedAt) {}
}
