package dev.txmq.console;

import java.time.Instant;
import java.util.List;

import dev.txmq.api.Selection;

/**
 * The JSON body of a replay or purge: every field optional, criteria combine with AND.
 *
 * @param ids only these txmq message ids
 * @param exception only dead letters that failed with this exception class
 * @param failedFrom with {@code failedBefore}: only dead letters that failed in [failedFrom, failedBefore)
 * @param failedBefore see failedFrom
 * @param where an Artemis filter over headers, e.g. {@code tenant = 'acme'}
 * @param limit at most this many messages, oldest first
 * @param dryRun count only
 * @param force replay messages at the replay cap too
 */
public record SelectionRequest(List<String> ids, String exception, Instant failedFrom, Instant failedBefore,
                               String where, Long limit, boolean dryRun, boolean force) {

    /** The selection of {@code queue} this request describes; throws InvalidSelectionException for bad values. */
    Selection on(String queue) {
        Selection selection = Selection.of(queue);
        if (ids != null && !ids.isEmpty()) {
            selection = selection.ids(ids);
        }
        if (exception != null && !exception.isBlank()) {
            selection = selection.exception(exception);
        }
        if (failedFrom != null || failedBefore != null) {
            selection = selection.failedBetween(failedFrom, failedBefore);
        }
        if (where != null && !where.isBlank()) {
            selection = selection.where(where);
        }
        if (limit != null) {
            selection = selection.limit(limit);
        }
        selection = dryRun ? selection.dryRun() : selection;
        return force ? selection.force() : selection;
    }

    static SelectionRequest none() {
        return new SelectionRequest(null, null, null, null, null, null, false, false);
    }
}
