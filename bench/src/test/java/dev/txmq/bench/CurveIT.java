package dev.txmq.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The scale curve ({@code bench/run -Dbench.curve}): txmq and the built-in in pairs, W1 at concurrency
 * 1 to 128 and W3 at 1, 8 and 32 sessions, the server's live heap after every segment; writes
 * {@code curve.md}, {@code curve.csv} and the plots {@code curve-w1.png} and {@code curve-w3.png} to the
 * results directory. Asserts correctness only, like the benchmark.
 */
class CurveIT {

    @Test
    void runsEveryPointOfTheCurveAndDrawsIt() throws Exception {
        Settings settings = Settings.curve();
        try (Bench bench = new Bench(settings)) {
            bench.start();
            bench.runPairs();
            CurveReport.write(Path.of(System.getProperty("bench.results.dir")), settings, bench);
            System.out.println(CurveReport.markdown(settings, bench));
        }
    }
}
