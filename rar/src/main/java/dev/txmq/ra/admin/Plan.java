package dev.txmq.ra.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.api.core.client.ClientMessage;

import dev.txmq.api.Headers;
import dev.txmq.api.Selection;
import dev.txmq.ra.MessageProperties;

/**
 * The messages a selection takes, found by one browse of the whole queue before anything moves: a
 * dry run reports exactly what a real run would act on, and the real run moves these ids only.
 *
 * @param ids the txmq ids to act on, oldest first
 * @param kept messages the selection matched but that stay, having reached the replay cap
 */
record Plan(List<String> ids, long kept) {

    /**
     * Browses {@code selection.queue()}; a message is taken if it matches every criterion, is not at
     * {@code replayCap} (a negative cap: none, for a purge) unless forced, and the limit is not yet
     * reached. A replay takes txmq's dead letters only (those that name their original queue).
     */
    static Plan of(BrokerLink link, Selection selection, int replayCap) {
        boolean replay = replayCap >= 0;
        List<String> ids = new ArrayList<>();
        long[] kept = {0};
        QueueScan.forEach(link, selection.queue(), selection.where().orElse(null), message -> {
            if (matches(selection, message) && (!replay || QueueScan.header(message, Headers.ORIGINAL_QUEUE) != null)) {
                if (replay && !selection.isForced() && MessageProperties.replayCount(message) >= replayCap) {
                    kept[0]++;
                } else {
                    ids.add(MessageProperties.idOf(message));
                }
            }
            return ids.size() < selection.limit();
        });
        return new Plan(List.copyOf(ids), kept[0]);
    }

    private static boolean matches(Selection selection, ClientMessage message) {
        if (message.getStringProperty(MessageProperties.ID) == null) {
            return false; // not written by txmq: it has no id to be selected by
        }
        if (!selection.ids().isEmpty() && !selection.ids().contains(MessageProperties.idOf(message))) {
            return false;
        }
        if (selection.exception().isPresent()
                && !selection.exception().get().equals(QueueScan.header(message, Headers.FAILURE_EXCEPTION))) {
            return false;
        }
        if (selection.failedFrom().isPresent()) {
            Instant failedAt = failedAt(message);
            return failedAt != null && !failedAt.isBefore(selection.failedFrom().get())
                    && failedAt.isBefore(selection.failedBefore().get());
        }
        return true;
    }

    /** When the message's last delivery failed ({@link Headers#FAILED_AT}); null if it carries no such header. */
    static Instant failedAt(ClientMessage message) {
        String text = QueueScan.header(message, Headers.FAILED_AT);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null; // written by something else than txmq: matches no time window
        }
    }

}
