package dev.txmq.sample.ejb;

/** The Celery seed's task (seed 002) on the queue {@code welcome-email}: welcome the new user. */
public record WelcomeEmail(String userId) {}
