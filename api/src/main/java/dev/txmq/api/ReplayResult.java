package dev.txmq.api;

/**
 * What a replay did (or, for a dry run, would do).
 *
 * @param matched dead letters the selection matched
 * @param moved those moved back to their original queue (0 on a dry run)
 * @param keptAtReplayCap those left in place because they had reached the replay cap; not counted in matched
 */
public record ReplayResult(long matched, long moved, long keptAtReplayCap) {}
