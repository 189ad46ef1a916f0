package dev.txmq.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How long and how much to run, from the system properties the pom passes (bench.*).
 *
 * @param warmupMs warm-up of each load segment, not measured
 * @param measureMs measured window of each load segment
 * @param pairs how many times every cell runs each of txmq and the built-in: one pair, A B then B A in the next
 * @param baselineEvery the non-XA baseline runs in every n-th pair only (it is a reference, not a contender of the
 *        targets); 1: in every pair
 * @param w1Concurrency the concurrencies of W1
 * @param w3Messages messages pre-loaded for each W3 segment (0: no W3)
 * @param w3Sessions the consumers' sessions (maxSessions) of W3: 8, or for the scale curve also 1 and 32
 * @param contenders who runs (all three unless bench.contenders narrows it, e.g. for profiling one)
 * @param workloads which of W1, W2, W3 run (all unless bench.workloads narrows it)
 * @param coldStart whether the run begins with the cold start: each contender first after a fresh boot of WildFly
 * @param sampleHeap whether the server's live heap is taken (a full GC) after every segment, for the scale curve
 */
record Settings(long warmupMs, long measureMs, int pairs, int baselineEvery, List<Integer> w1Concurrency, int w3Messages,
        List<Integer> w3Sessions, List<String> contenders, List<String> workloads, boolean coldStart, boolean sampleHeap) {

    static final String TXMQ = "txmq";
    static final String BUILTIN = "builtin";
    static final String BASELINE = "baseline-nonxa";
    static final List<String> ALL = List.of(TXMQ, BUILTIN, BASELINE);
    static final List<String> WORKLOADS = List.of("W1", "W2", "W3");

    Settings {
        if (pairs < 1 || baselineEvery < 1 || warmupMs < 0 || measureMs < 1) {
            throw new IllegalArgumentException("bench.pairs and bench.baseline.every must be at least 1, bench.measure.ms"
                    + " positive and bench.warmup.ms not negative; were " + pairs + ", " + baselineEvery + ", " + measureMs
                    + " and " + warmupMs);
        }
    }

    static Settings fromSystemProperties() {
        return new Settings(Long.getLong("bench.warmup.ms", 500), Long.getLong("bench.measure.ms", 2000),
                Integer.getInteger("bench.pairs", 32), Integer.getInteger("bench.baseline.every", 4),
                numbers(System.getProperty("bench.w1.concurrency", "1,8,32")), Integer.getInteger("bench.w3.messages", 2000),
                List.of(8), list(System.getProperty("bench.contenders", ""), ALL),
                list(System.getProperty("bench.workloads", ""), WORKLOADS),
                Boolean.parseBoolean(System.getProperty("bench.cold", "true")), false);
    }

    /**
     * The scale curve ({@code -Dbench.curve}): txmq and the built-in only, W1 at each of bench.curve.concurrency and
     * W3 at each of bench.curve.sessions, bench.curve.pairs pairs of segments of bench.curve.warmup.ms +
     * bench.curve.measure.ms (longer than the run's: a point at concurrency 128 takes longer to settle), the live
     * heap after every segment.
     */
    static Settings curve() {
        return new Settings(Long.getLong("bench.curve.warmup.ms", 1000), Long.getLong("bench.curve.measure.ms", 3000),
                Integer.getInteger("bench.curve.pairs", 6), 1, numbers(System.getProperty("bench.curve.concurrency",
                "1,8,32,64,128")), Integer.getInteger("bench.w3.messages", 2000),
                numbers(System.getProperty("bench.curve.sessions", "1,8,32")), List.of(TXMQ, BUILTIN), List.of("W1", "W3"),
                false, true);
    }

    /** One short pair of every cell, for the smoke run in {@code mvn verify}: correctness only. */
    static Settings smoke() {
        return new Settings(300, 700, 1, 1, List.of(8), 100, List.of(8), ALL, WORKLOADS, false, false);
    }

    private static List<Integer> numbers(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    private static List<String> list(String value, List<String> all) {
        return value.isBlank() ? all : Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    /**
     * Who runs in pair {@code pair} of a cell, in order: txmq then the built-in in even pairs, the built-in then
     * txmq in odd ones (A B B A A B ...: a slow drift of the machine costs both alike), then the baseline in
     * every {@link #baselineEvery}-th pair.
     */
    List<String> order(int pair) {
        List<String> order = new ArrayList<>(contenders.stream().filter(c -> !c.equals(BASELINE)).toList());
        if (pair % 2 == 1) {
            Collections.reverse(order);
        }
        if (contenders.contains(BASELINE) && pair % baselineEvery == baselineEvery - 1) {
            order.add(BASELINE);
        }
        return order;
    }
}
