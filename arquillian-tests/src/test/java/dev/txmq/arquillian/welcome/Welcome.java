package dev.txmq.arquillian.welcome;

/** The "send a welcome e-mail" task of the Celery seed, carrying the new user's id. */
public record Welcome(String userId) {

    public static final String QUEUE = "welcome-it";
}
