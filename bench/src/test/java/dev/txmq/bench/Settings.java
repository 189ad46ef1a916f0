package dev.txmq.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How long and how much to run, from the system properties the pom passes (bench.*).
 *
 * @param warmupS warm-up of each load segment, not measured
 * @param measureS measured window of each load segment
 * @param rounds how many times every segment runs per contender, interleaved A B A B
 * @param w1Concurrency the concurrencies of W1
 * @param w3Messages messages pre-loaded for W3, per contender (0: no W3)
 * @param contenders who runs (all three unless bench.contenders narrows it, e.g. for profiling one)
 * @param workloads which of W1, W2, W3 run (all unless bench.workloads narrows it)
 */
record Settings(int warmupS, int measureS, int rounds, List<Integer> w1Concurrency, int w3Messages,
        List<String> contenders, List<String> workloads) {

    static final List<String> ALL = List.of("txmq", "builtin", "baseline-nonxa");
    static final List<String> WORKLOADS = List.of("W1", "W2", "W3");

    static Settings fromSystemProperties() {
        List<Integer> w1Concurrency = Arrays.stream(System.getProperty("bench.w1.concurrency", "1,8,32").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        return new Settings(Integer.getInteger("bench.warmup", 5), Integer.getInteger("bench.measure", 10),
                Integer.getInteger("bench.rounds", 2), w1Concurrency, Integer.getInteger("bench.w3.messages", 20_000),
                list(System.getProperty("bench.contenders", ""), ALL), list(System.getProperty("bench.workloads", ""), WORKLOADS));
    }

    private static List<String> list(String value, List<String> all) {
        return value.isBlank() ? all : Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    /** Round r runs the contenders in this order: reversed every other round, so none always goes first. */
    List<String> order(int round) {
        if (round % 2 == 0) {
            return contenders;
        }
        List<String> reversed = new ArrayList<>(contenders);
        Collections.reverse(reversed);
        return reversed;
    }
}
