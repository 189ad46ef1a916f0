package dev.txmq.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the servers' cumulative CPU ({@link ProcessCpu}) every {@value #INTERVAL_MS} ms on a background
 * thread while open, from before a segment starts until after it ended, so that the CPU of the segment's
 * measured window (known only afterwards, in wall-clock time) can be read off: {@link #usage}.
 */
final class CpuSampler implements AutoCloseable {

    static final long INTERVAL_MS = 200;

    private final List<ProcessCpu> processes;
    private final List<Sample> samples = new ArrayList<>(); // guarded by this
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-cpu-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** Takes the first sample now, then one every {@value #INTERVAL_MS} ms; none with no processes (no /proc). */
    CpuSampler(List<ProcessCpu> processes) {
        this.processes = processes;
        if (!processes.isEmpty()) {
            sample();
            timer.scheduleAtFixedRate(this::sample, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Each process's cumulative CPU (µs; NaN: not read) at a wall-clock time. */
    private record Sample(long epochMs, double[] micros) {
    }

    /** Appends a sample; the timer's and {@link #usage}'s come in time order. */
    private synchronized void sample() {
        long epochMs = System.currentTimeMillis();
        samples.add(new Sample(epochMs, processes.stream().mapToDouble(ProcessCpu::micros).toArray()));
    }

    /**
     * The CPU (µs) each of {@link ProcessCpu#PROCESSES} used from {@code fromMs} to {@code untilMs} (epoch
     * milliseconds, both past), each end interpolated linearly between the samples around it. Takes one
     * more sample first, so the last one is after {@code untilMs}. NaN for a process not measured.
     */
    Map<String, Double> usage(long fromMs, long untilMs) {
        Map<String, Double> usage = new LinkedHashMap<>();
        ProcessCpu.PROCESSES.forEach(name -> usage.put(name, Double.NaN));
        if (processes.isEmpty()) {
            return usage;
        }
        List<Sample> taken;
        synchronized (this) {
            sample();
            taken = List.copyOf(samples);
        }
        if (fromMs < taken.get(0).epochMs() || untilMs > taken.get(taken.size() - 1).epochMs()) {
            System.out.println("CPU not measured for the window " + fromMs + "-" + untilMs + " (epoch ms): the samples"
                    + " cover only " + taken.get(0).epochMs() + "-" + taken.get(taken.size() - 1).epochMs());
            return usage;
        }
        for (int i = 0; i < processes.size(); i++) {
            usage.put(processes.get(i).name(), at(taken, i, untilMs) - at(taken, i, fromMs));
        }
        return usage;
    }

    /** Process {@code i}'s cumulative CPU at {@code epochMs}, which the samples cover. */
    private static double at(List<Sample> samples, int i, long epochMs) {
        int after = 1;
        while (samples.get(after).epochMs() < epochMs) {
            after++;
        }
        Sample before = samples.get(after - 1);
        Sample next = samples.get(after);
        long span = next.epochMs() - before.epochMs();
        double share = span == 0 ? 1 : (double) (epochMs - before.epochMs()) / span;
        return before.micros()[i] + share * (next.micros()[i] - before.micros()[i]);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            System.out.println("the CPU sampler thread did not stop within 10 s; it is a daemon and ends with the JVM");
        }
    }
}
