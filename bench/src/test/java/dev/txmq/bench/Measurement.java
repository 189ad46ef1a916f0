package dev.txmq.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * What one (workload, concurrency, contender) cell of the table accumulates over its segments: units of
 * work in the measured windows, the windows' total length, every latency (microseconds), and the CPU
 * each server used in the windows (microseconds, by {@link ProcessCpu#PROCESSES}; NaN once not measured),
 * and each segment's own figures in the order they ran, for the ratios of pairs ({@link Interval}).
 */
final class Measurement {

    final String workload;
    final int concurrency;
    final String contender;
    private final Map<String, Double> cpuMicros = new HashMap<>();
    private long count;
    private long completed;
    private long nanos;
    private long[] latencies = new long[0];
    private final List<Histogram> segmentLatencies = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final List<Double> heapsMiB = new ArrayList<>();

    /** One segment's throughput (units/s), p99 (ms) and total CPU per unit (µs; NaN: not measured). */
    record Segment(double throughput, double p99Ms, double cpuMicrosPerUnit) {
    }

    Measurement(String workload, int concurrency, String contender) {
        this.workload = workload;
        this.concurrency = concurrency;
        this.contender = contender;
    }

    /** One segment's window; {@code cpu} is its {@link CpuSampler#usage}, empty where CPU is not measured. */
    void add(long units, long windowNanos, long[] micros, Map<String, Double> cpu) {
        count += units;
        nanos += windowNanos;
        long[] merged = Arrays.copyOf(latencies, latencies.length + micros.length);
        System.arraycopy(micros, 0, merged, latencies.length, micros.length);
        latencies = merged;
        Histogram histogram = new Histogram(2); // 1% resolution, any range
        for (long micro : micros) {
            histogram.recordValue(Math.max(micro, 0));
        }
        segmentLatencies.add(histogram);
        double cpuTotal = 0;
        for (String process : ProcessCpu.PROCESSES) {
            cpuMicros.merge(process, cpu.getOrDefault(process, Double.NaN), Double::sum);
            cpuTotal += cpu.getOrDefault(process, Double.NaN);
        }
        segments.add(new Segment(windowNanos == 0 ? 0 : units * 1e9 / windowNanos, percentileMs(micros, 99),
                units == 0 ? Double.NaN : cpuTotal / units));
    }

    /** Records the server's live heap after one of this cell's segments. */
    void heap(double mib) {
        heapsMiB.add(mib);
    }

    /** The median of the live heaps recorded after this cell's segments (NaN: none recorded). */
    double heapMiB() {
        if (heapsMiB.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = heapsMiB.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The median over this cell's segments of one of their figures (NaN: no segment). */
    double median(ToDoubleFunction<Segment> figure) {
        double[] values = segments.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).toArray();
        return values.length == 0 ? Double.NaN : Interval.median(values);
    }

    /** Each segment's figures, in the order they ran. */
    List<Segment> segments() {
        return List.copyOf(segments);
    }

    /** Counts units of work a segment completed in all, warm-up included; its checks passed for all of them. */
    void completed(long units) {
        completed += units;
    }

    /** Units of work completed (and checked) in all, warm-up included. */
    long completed() {
        return completed;
    }

    /** Units of work in the measured windows. */
    long units() {
        return count;
    }

    double throughputPerSecond() {
        return nanos == 0 ? 0 : count * 1e9 / nanos;
    }

    /** Microseconds of CPU {@code process} used per unit of work over the windows; NaN if not measured in all. */
    double cpuMicrosPerUnit(String process) {
        return count == 0 ? Double.NaN : cpuMicros.getOrDefault(process, Double.NaN) / count;
    }

    /** The three servers' CPU per unit of work together; NaN if any is not measured. */
    double totalCpuMicrosPerUnit() {
        return ProcessCpu.PROCESSES.stream().mapToDouble(this::cpuMicrosPerUnit).reduce(0, Double::sum);
    }

    double percentileMs(double percentile) {
        return percentileMs(latencies, percentile);
    }

    /** The latencies (microseconds) of each segment as a histogram (1% resolution), in the order they ran. */
    List<Histogram> segmentLatencies() {
        return List.copyOf(segmentLatencies);
    }

    private static double percentileMs(long[] latencies, double percentile) {
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
