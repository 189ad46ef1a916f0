package dev.txmq.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The benchmark ({@code mvn verify -Pbench}, or {@code bench/run}): every workload for the configured
 * durations, results in {@code bench/results/latest.csv} and {@code latest.md}. It asserts correctness
 * only; the targets of docs/PERFORMANCE.md are recorded, not asserted.
 */
class BenchmarkIT {

    @Test
    void runsEveryWorkloadAndWritesTheTable() throws Exception {
        Settings settings = Settings.fromSystemProperties();
        FsyncFloor floor = FsyncFloor.measure(Path.of(System.getProperty("bench.target.dir"), "broker"), 500);
        System.out.printf("fsync floor: %.2f ms p50 -> %d forced writes per 2PC = %.2f ms, %.0f tx/s at concurrency 1%n",
                floor.p50Ms(), FsyncFloor.FORCED_WRITES_PER_2PC, floor.transactionFloorMs(),
                floor.transactionsPerSecondCeiling());
        try (Bench bench = new Bench(settings)) {
            bench.start();
            bench.runColdStart();
            bench.runPairs();
            Report.write(Path.of(System.getProperty("bench.results.dir")), settings, bench, floor);
            System.out.println(Report.markdown(settings, bench, floor));
        }
    }
}
