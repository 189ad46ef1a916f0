package dev.txmq.arquillian.news;

import java.time.LocalDateTime;

/** The two events built from a news item: one for XYZ, one for ACME (the blog's business rule). */
public final class NewsEvents {

    public static final String NEWS = "news-it";
    public static final String XYZ = "xyz-it";
    public static final String ACME = "acme-it";

    private NewsEvents() {}

    public record ForXyz(String whoDidTheThingId, String title) {}

    public record ForAcme(String whoDidTheThingId, boolean saltAddicted, LocalDateTime registeredAt) {}

    static ForXyz forXyz(News news) {
        return new ForXyz(news.ownerId(), news.title());
    }

    static ForAcme forAcme(News news) {
        return new ForAcme(news.ownerId(), news.saltAddicted(), news.registeredAt());
    }
}
