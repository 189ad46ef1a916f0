package dev.txmq.bench;

import java.util.Arrays;

/**
 * What one (workload, concurrency, contender) cell of the table accumulates over the rounds: units of
 * work in the measured windows, the windows' total length, and every latency (microseconds).
 */
final class Measurement {

    final String workload;
    final int concurrency;
    final String contender;
    private long count;
    private long nanos;
    private long[] latencies = new long[0];

    Measurement(String workload, int concurrency, String contender) {
        this.workload = workload;
        this.concurrency = concurrency;
        this.contender = contender;
    }

    void add(long units, long windowNanos, long[] micros) {
        count += units;
        nanos += windowNanos;
        long[] merged = Arrays.copyOf(latencies, latencies.length + micros.length);
        System.arraycopy(micros, 0, merged, latencies.length, micros.length);
        latencies = merged;
    }

    /** Units of work in the measured windows. */
    long units() {
        return count;
    }

    double throughputPerSecond() {
        return nanos == 0 ? 0 : count * 1e9 / nanos;
    }

    double percentileMs(double percentile) {
        if (latencies.length == 0) {
            return 0;
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1000.0;
    }

    String key() {
        return workload + "/" + concurrency + "/" + contender;
    }
}
