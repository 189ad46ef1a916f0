package dev.txmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Writes results/soak.csv and results/soak.md: one row per sample of the soak, and the verdict. */
final class SoakReport {

    static final String CSV_HEADER = "minute,throughput_per_s,p99_ms,txmq_instances,txmq_bytes,live_heap_bytes,"
            + "artemis_client_instances,artemis_client_bytes,units,elapsed_s";

    private SoakReport() {
    }

    static void write(Path directory, int minutes, Duration interval, int warmUpS, List<SoakSample> samples)
            throws IOException {
        Files.createDirectories(directory);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (SoakSample s : samples) {
            Measurement load = s.interval();
            csv.append(String.format(Locale.ROOT, "%.1f,%s,%s,%d,%d,%d,%d,%d,%d,%.0f%n", s.minute(),
                    load == null ? "" : String.format(Locale.ROOT, "%.1f", load.throughputPerSecond()),
                    load == null ? "" : String.format(Locale.ROOT, "%.2f", load.percentileMs(99)),
                    s.txmq().instances(), s.txmq().bytes(), s.heap().totalBytes(), s.artemisClient().instances(),
                    s.artemisClient().bytes(), load == null ? 0 : load.units(), s.elapsedS()));
        }
        Files.writeString(directory.resolve("soak.csv"), csv);
        Files.writeString(directory.resolve("soak.md"), markdown(minutes, interval, warmUpS, samples));
    }

    static String markdown(int minutes, Duration interval, int warmUpS, List<SoakSample> samples) {
        StringBuilder md = new StringBuilder("# txmq benchmark: soak\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d cores, Java %s. W1 (INSERT + 1 persistent 1 KiB message per XA"
                + " transaction), txmq alone, concurrency %d, %d min of load after a %d s warm-up at the same concurrency;"
                + " a sample every %d s: the load stops, the interval's rows and messages are checked and the queue"
                + " emptied, then `jcmd GC.class_histogram` (a full GC) on the server. Minute 0 is the state after the"
                + " warm-up.%n%n", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Soak.CONCURRENCY, minutes,
                warmUpS, interval.toSeconds()));
        md.append("| minute | throughput/s | p99 ms | txmq instances | txmq KiB | Artemis client instances"
                + " | Artemis client KiB | live heap MiB |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SoakSample s : samples) {
            Measurement load = s.interval();
            md.append(String.format(Locale.ROOT, "| %.1f | %s | %s | %d | %.1f | %d | %.1f | %.1f |%n", s.minute(),
                    load == null ? "-" : String.format(Locale.ROOT, "%.1f", load.throughputPerSecond()),
                    load == null ? "-" : String.format(Locale.ROOT, "%.2f", load.percentileMs(99)),
                    s.txmq().instances(), s.txmq().bytes() / 1024.0, s.artemisClient().instances(),
                    s.artemisClient().bytes() / 1024.0, s.liveHeapMiB()));
        }
        md.append('\n').append(verdict(samples)).append('\n');
        details(md, samples.get(0), samples.get(samples.size() - 1));
        long units = samples.stream().filter(s -> s.interval() != null).mapToLong(s -> s.interval().units()).sum();
        md.append(String.format(Locale.ROOT, "%nCorrectness, checked after every interval: rows = units of work,"
                + " messages in the queue = rows (then emptied), pg_prepared_xacts empty; %d transactions in the"
                + " measured intervals.%n", units));
        return md.toString();
    }

    /** First against last sample, and the live heap's slope over the second half of the run. */
    static String verdict(List<SoakSample> samples) {
        SoakSample first = samples.get(0);
        SoakSample last = samples.get(samples.size() - 1);
        boolean grew = last.txmq().instances() > first.txmq().instances() || last.txmq().bytes() > first.txmq().bytes();
        double half = last.minute() / 2;
        List<SoakSample> secondHalf = samples.stream().filter(s -> s.minute() >= half).toList();
        return String.format(Locale.ROOT, "**Verdict:** txmq's own objects %s: %d → %d instances, %.1f → %.1f KiB."
                + " Artemis client objects %d → %d instances. The server's live heap %.1f → %.1f MiB; slope over the"
                + " second half (minutes %.1f–%.1f, %d samples): %+.3f MiB/min.", grew ? "grew" : "did not grow",
                first.txmq().instances(), last.txmq().instances(), first.txmq().bytes() / 1024.0,
                last.txmq().bytes() / 1024.0, first.artemisClient().instances(), last.artemisClient().instances(),
                first.liveHeapMiB(), last.liveHeapMiB(), secondHalf.get(0).minute(), last.minute(), secondHalf.size(),
                slopeMiBPerMinute(secondHalf));
    }

    /** The least-squares slope of the live heap (MiB) over minutes; 0 for fewer than two samples. */
    static double slopeMiBPerMinute(List<SoakSample> samples) {
        int n = samples.size();
        double meanX = samples.stream().mapToDouble(SoakSample::minute).average().orElse(0);
        double meanY = samples.stream().mapToDouble(SoakSample::liveHeapMiB).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (SoakSample s : samples) {
            sxy += (s.minute() - meanX) * (s.liveHeapMiB() - meanY);
            sxx += (s.minute() - meanX) * (s.minute() - meanX);
        }
        return n < 2 || sxx == 0 ? 0 : sxy / sxx;
    }

    private static void details(StringBuilder md, SoakSample first, SoakSample last) {
        List<String> changed = first.heap().changedInstances(last.heap(), ClassHistogram.TXMQ);
        List<String> client = first.heap().changedInstances(last.heap(), ClassHistogram.ARTEMIS_CLIENT);
        md.append("\ntxmq classes whose instance count changed from the first to the last sample: ")
                .append(changed.isEmpty() ? "none" : String.join(", ", changed)).append(".\n");
        md.append("Artemis client classes (`org.apache.activemq.artemis.core.client.impl.*`; txmq.rar's copy and the built-in's,"
                + " which is idle here) whose instance count changed: ")
                .append(client.isEmpty() ? "none" : String.join(", ", client)).append(".\n");
        md.append("\nThe whole heap's largest growth in bytes from the first to the last sample:\n\n");
        first.heap().largestGrowth(last.heap(), 8).forEach(line -> md.append("- ").append(line).append('\n'));
    }
}
