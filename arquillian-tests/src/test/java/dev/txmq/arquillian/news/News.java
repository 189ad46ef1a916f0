package dev.txmq.arquillian.news;

import java.time.LocalDateTime;

/** A news item, as the Django STOMP blog's {@code news} queue carries it. */
public record News(String ownerId, String title, boolean saltAddicted, LocalDateTime registeredAt) {}
