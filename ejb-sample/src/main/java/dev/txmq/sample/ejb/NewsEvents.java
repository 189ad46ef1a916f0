package dev.txmq.sample.ejb;

import java.time.LocalDateTime;

/** The blog's business rule: from a news item, one event for XYZ and one for ACME. */
public record NewsEvents(ForXyz forXyz, ForAcme forAcme) {

    public record ForXyz(String whoDidTheThingId, String title) {}

    public record ForAcme(String whoDidTheThingId, boolean saltAddicted, LocalDateTime registeredAt) {}

    /**
     * @param messageId the news item's message id, for the error message
     * @throws EventsNotComputedException when the news item asks for scenario 3
     */
    /** Fails for scenario 3, unless the item was replayed from its dead-letter queue: by then the bug is "fixed". */
    static NewsEvents compute(News news, String messageId, boolean replayed) throws EventsNotComputedException {
        if (news.fails(News.COMPUTATION) && !replayed) {
            throw new EventsNotComputedException("Cannot build the events of news " + messageId
                    + ": the computation failed (on purpose: scenario 3)");
        }
        return new NewsEvents(new ForXyz(news.ownerId(), news.title()),
                new ForAcme(news.ownerId(), news.saltAddicted(), news.registeredAt()));
    }
}
