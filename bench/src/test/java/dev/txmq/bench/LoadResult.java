package dev.txmq.bench;

import java.util.Arrays;

/**
 * The app's answer to one load request: {@code units measured errors windowNanos fromMs untilMs firstMicros}, an
 * optional {@code # first error} line, then one latency per measured unit (microseconds).
 *
 * @param fromMs the start of the measured window, wall-clock (epoch milliseconds, the server's clock: this machine's)
 * @param untilMs its end: the measured units of work are those that began from {@code fromMs} until then
 * @param firstMicros from the request's arrival to the first unit of work completed (-1: none completed)
 */
record LoadResult(long units, long measured, long errors, long windowNanos, long fromMs, long untilMs, long firstMicros,
        String firstError, long[] latenciesMicros) {

    static LoadResult parse(String body) {
        String[] lines = body.split("\n");
        String[] counts = lines[0].trim().split(" ");
        int first = 1;
        String error = "";
        if (lines.length > 1 && lines[1].startsWith("# ")) {
            error = lines[1].substring(2);
            first = 2;
        }
        long[] latencies = Arrays.stream(lines, first, lines.length).filter(l -> !l.isBlank())
                .mapToLong(l -> Long.parseLong(l.trim())).toArray();
        return new LoadResult(Long.parseLong(counts[0]), Long.parseLong(counts[1]), Long.parseLong(counts[2]),
                Long.parseLong(counts[3]), Long.parseLong(counts[4]), Long.parseLong(counts[5]), Long.parseLong(counts[6]),
                error, latencies);
    }

    static long[] parseLatencies(String body) {
        return body.lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.trim())).toArray();
    }
}
