package dev.txmq.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which messages of one queue a {@link Queues#replay} or {@link Queues#purge} acts on. Immutable:
 * each method returns a new selection. Criteria combine with AND; a selection with none takes every
 * message of the queue.
 *
 * <pre>{@code
 * queues.replay(Selection.of("DLQ.orders").exception("java.sql.SQLTransientException").dryRun());
 * }</pre>
 */
public final class Selection {

    private final String queue;
    private final Set<String> ids;
    private final String exception;
    private final Instant failedFrom;
    private final Instant failedBefore;
    private final String where;
    private final long limit;
    private final boolean dryRun;
    private final boolean force;

    private Selection(String queue, Set<String> ids, String exception, Instant failedFrom, Instant failedBefore,
                      String where, long limit, boolean dryRun, boolean force) {
        this.queue = queue;
        this.ids = ids;
        this.exception = exception;
        this.failedFrom = failedFrom;
        this.failedBefore = failedBefore;
        this.where = where;
        this.limit = limit;
        this.dryRun = dryRun;
        this.force = force;
    }

    /** Every message of {@code queue}, until narrowed. */
    public static Selection of(String queue) {
        if (!QueueNames.isValid(queue)) {
            throw new InvalidSelectionException("Selection.of: queue name '" + queue + "' is invalid: use 1 to "
                    + QueueNames.MAX_LENGTH + " letters, digits, '.', '_' or '-'");
        }
        return new Selection(queue, Set.of(), null, null, null, null, Long.MAX_VALUE, false, false);
    }

    /** Only the messages with these txmq ids. */
    public Selection ids(String... ids) {
        return ids(List.of(ids));
    }

    /** Only the messages with these txmq ids. */
    public Selection ids(Collection<String> ids) {
        if (ids.isEmpty() || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new InvalidSelectionException("Selection.ids: " + ids + " must name at least one id and no blank one");
        }
        return new Selection(queue, Set.copyOf(ids), exception, failedFrom, failedBefore, where, limit, dryRun, force);
    }

    /** Only dead letters whose failure was this exception class ({@link Headers#FAILURE_EXCEPTION}), e.g. {@code java.sql.SQLException}. */
    public Selection exception(String className) {
        if (className == null || className.isBlank()) {
            throw new InvalidSelectionException("Selection.exception: the class name must not be blank");
        }
        return new Selection(queue, ids, className.strip(), failedFrom, failedBefore, where, limit, dryRun, force);
    }

    /** Only dead letters that failed ({@link Headers#FAILED_AT}) at or after {@code from} and before {@code before}. */
    public Selection failedBetween(Instant from, Instant before) {
        if (from == null || before == null || !from.isBefore(before)) {
            throw new InvalidSelectionException("Selection.failedBetween: from " + from + " must be before " + before);
        }
        return new Selection(queue, ids, exception, from, before, where, limit, dryRun, force);
    }

    /**
     * Only messages matching an Artemis filter over their headers (the JMS selector syntax), e.g.
     * {@code tenant = 'acme'}; checked by the broker, which rejects one that does not parse.
     */
    public Selection where(String filter) {
        if (filter == null || filter.isBlank()) {
            throw new InvalidSelectionException("Selection.where: the filter must not be blank");
        }
        return new Selection(queue, ids, exception, failedFrom, failedBefore, filter.strip(), limit, dryRun, force);
    }

    /** At most {@code count} messages, oldest first. */
    public Selection limit(long count) {
        if (count < 1) {
            throw new InvalidSelectionException("Selection.limit: " + count + " must be at least 1");
        }
        return new Selection(queue, ids, exception, failedFrom, failedBefore, where, count, dryRun, force);
    }

    /** Count only: nothing moves or is deleted. */
    public Selection dryRun() {
        return new Selection(queue, ids, exception, failedFrom, failedBefore, where, limit, true, force);
    }

    /** Replay messages that reached the replay cap too. */
    public Selection force() {
        return new Selection(queue, ids, exception, failedFrom, failedBefore, where, limit, dryRun, true);
    }

    public String queue() { return queue; }
    public Set<String> ids() { return ids; }
    public Optional<String> exception() { return Optional.ofNullable(exception); }
    public Optional<Instant> failedFrom() { return Optional.ofNullable(failedFrom); }
    public Optional<Instant> failedBefore() { return Optional.ofNullable(failedBefore); }
    public Optional<String> where() { return Optional.ofNullable(where); }
    public long limit() { return limit; }
    public boolean isDryRun() { return dryRun; }
    public boolean isForced() { return force; }

    @Override
    public String toString() {
        return "Selection[queue=" + queue + (ids.isEmpty() ? "" : ", ids=" + ids)
                + (exception == null ? "" : ", exception=" + exception)
                + (failedFrom == null ? "" : ", failedBetween=" + failedFrom + ".." + failedBefore)
                + (where == null ? "" : ", where=" + where) + (limit == Long.MAX_VALUE ? "" : ", limit=" + limit)
                + (dryRun ? ", dryRun" : "") + (force ? ", force" : "") + "]";
    }
}
