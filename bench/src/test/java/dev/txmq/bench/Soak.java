package dev.txmq.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak ({@code -Dbench.soak=MINUTES}): W1 (INSERT a row + send one persistent 1 KiB message, in one XA
 * transaction) by txmq alone at concurrency 32, as back-to-back load segments of one sampling interval
 * each. After every segment the load is stopped, its rows and messages are checked, the queue is emptied,
 * and the server's heap is taken by class (a full GC). All segments send to one queue, as an application
 * sends to a fixed set of queues: a new queue per segment would grow the adapter's set of known queues.
 */
final class Soak {

    static final String CONTENDER = "txmq";
    static final int CONCURRENCY = 32;
    static final String QUEUE = "bench.soak-W1-c32-txmq.orders";

    private final Bench bench;
    private final int minutes;
    private final Duration interval;

    Soak(Bench bench, int minutes) {
        this.bench = bench;
        this.minutes = minutes;
        this.interval = intervalFor(minutes);
    }

    /** A sample every 30 s; every minute when the soak is longer than 20 minutes (at most about 40 rows per 20 min). */
    static Duration intervalFor(int minutes) {
        return minutes > 20 ? Duration.ofMinutes(1) : Duration.ofSeconds(30);
    }

    Duration interval() {
        return interval;
    }

    /**
     * Warms up at concurrency 32 ({@code warmUpS} seconds, not measured), takes sample 0, then
     * runs {@code minutes} of intervals with a sample after each. Throws at the first failed check.
     */
    List<SoakSample> run(int warmUpS) throws Exception {
        long began = System.nanoTime();
        bench.segment("soak-c32-txmq-warm-up", CONTENDER, CONCURRENCY, List.of(QUEUE), 0, warmUpS * 1000L);
        bench.purge(QUEUE);
        List<SoakSample> samples = new ArrayList<>();
        samples.add(new SoakSample(0, elapsedS(began), null, bench.serverHeap()));
        long intervals = Duration.ofMinutes(minutes).dividedBy(interval);
        for (int i = 1; i <= intervals; i++) {
            LoadResult result = bench.segment("soak-c32-txmq-i" + i, CONTENDER, CONCURRENCY, List.of(QUEUE), 0,
                    interval.toMillis());
            bench.purge(QUEUE);
            Measurement load = new Measurement("W1", CONCURRENCY, CONTENDER);
            load.add(result.measured(), result.windowNanos(), result.latenciesMicros(), Map.of()); // CPU: not sampled
            SoakSample sample = new SoakSample(i * interval.toSeconds() / 60.0, elapsedS(began), load, bench.serverHeap());
            samples.add(sample);
            System.out.printf(Locale.ROOT, "soak %.1f min: %d units, %.1f/s, p99 %.2f ms; txmq %d instances;"
                    + " live heap %.1f MiB%n", sample.minute(), result.units(), load.throughputPerSecond(),
                    load.percentileMs(99), sample.txmq().instances(), sample.liveHeapMiB());
        }
        bench.deleteQueue(QUEUE);
        return samples;
    }

    private static double elapsedS(long beganNanos) {
        return (System.nanoTime() - beganNanos) / 1e9;
    }
}
