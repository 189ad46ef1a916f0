package dev.txmq.api;

import java.time.Instant;
import java.util.Map;

/**
 * A message as it waits on a queue, read without consuming it.
 *
 * @param id the txmq message id (kept through retries, dead-lettering and replay)
 * @param queue the queue it is on
 * @param correlationId its correlation id
 * @param headers its application headers, with the failure headers ({@link Headers}) on a dead letter
 * @param bodyText its body as sent (JSON for messages txmq sent)
 * @param sentAt when it was first sent, by the sender's clock
 */
public record QueuedMessage(String id, String queue, String correlationId, Map<String, String> headers,
                            String bodyText, Instant sentAt) {}
