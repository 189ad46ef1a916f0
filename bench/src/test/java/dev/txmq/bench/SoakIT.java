package dev.txmq.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The soak ({@code bench/run -Dbench.soak=MINUTES}, see {@link Soak}): W1 by txmq at concurrency 32 for
 * the given minutes, the server's heap sampled every interval, results in {@code bench/results/soak.csv}
 * and {@code soak.md} (never over {@code latest.*}). It asserts correctness only; whether the heap grew
 * is recorded, not asserted.
 */
class SoakIT {

    /** The soak's warm-up at concurrency 32, not measured. */
    private static final int WARM_UP_S = 15;

    @Test
    void runsW1AtConcurrency32AndSamplesTheHeap() throws Exception {
        String value = System.getProperty("bench.soak", "").trim();
        if (!value.matches("[0-9]+") || Integer.parseInt(value) < 1) {
            throw new IllegalArgumentException("bench.soak must be the soak's length in whole minutes, at least 1;"
                    + " was '" + value + "' (e.g. bench/run -Dbench.soak=10)");
        }
        int minutes = Integer.parseInt(value);
        Settings settings = Settings.fromSystemProperties();
        try (Bench bench = new Bench(settings)) {
            bench.start();
            Soak soak = new Soak(bench, minutes);
            List<SoakSample> samples = soak.run(WARM_UP_S);
            int warmUpS = WARM_UP_S;
            SoakReport.write(Path.of(System.getProperty("bench.results.dir")), minutes, soak.interval(), warmUpS, samples);
            System.out.println(SoakReport.markdown(minutes, soak.interval(), warmUpS, samples));
        }
    }
}
