package dev.txmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes results/latest.md, latest.csv (a row per cell and contender) and latest-segments.csv (a row per segment). */
final class Report {

    static final String CSV_HEADER = "workload,concurrency,contender,throughput_per_s,p50_ms,p99_ms";
    static final String SEGMENTS_HEADER = "workload,concurrency,contender,pair,throughput_per_s,p99_ms,cpu_us_per_unit";

    private Report() {
    }

    static void write(Path directory, Settings settings, Bench bench, FsyncFloor floor) throws IOException {
        List<Measurement> cells = bench.measurements();
        Files.createDirectories(directory);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Measurement m : cells) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.1f,%.2f,%.2f%n", m.workload, m.concurrency, m.contender,
                    m.throughputPerSecond(), m.percentileMs(50), m.percentileMs(99)));
        }
        Files.writeString(directory.resolve("latest.csv"), csv);
        StringBuilder segments = new StringBuilder(SEGMENTS_HEADER).append('\n');
        for (Measurement m : cells) {
            List<Measurement.Segment> list = m.segments();
            for (int i = 0; i < list.size(); i++) {
                Measurement.Segment s = list.get(i);
                segments.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.1f,%.2f,%.0f%n", m.workload, m.concurrency,
                        m.contender, i, s.throughput(), s.p99Ms(), s.cpuMicrosPerUnit()));
            }
        }
        Files.writeString(directory.resolve("latest-segments.csv"), segments);
        Files.writeString(directory.resolve("latest.md"), markdown(settings, bench, floor));
    }

    static String markdown(Settings settings, Bench bench, FsyncFloor floor) {
        List<Measurement> cells = bench.measurements();
        StringBuilder md = new StringBuilder("# txmq benchmark: latest run\n\n");
        md.append(String.format(Locale.ROOT, "%s.%n%nSegments: %d ms warm-up + %d ms measured; %d pairs"
                + " per cell (txmq and the built-in one right after the other, A B then B A, cells interleaved), the"
                + " baseline in %s; W3: %d pre-loaded messages per segment, 8 sessions. Every segment starts"
                + " from an empty table after a PostgreSQL checkpoint, with queues of its own.%n%n",
                when(bench), settings.warmupMs(), settings.measureMs(), settings.pairs(),
                settings.baselineEvery() == 1 ? "every pair"
                        : "every " + ordinal(settings.baselineEvery()) + " pair", settings.w3Messages()));
        md.append("| workload | concurrency | throughput txmq / builtin | p99 txmq / builtin | total CPU per unit builtin / txmq"
                + " | pairs | throughput, txmq first / second | txmq / baseline-nonxa |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Measurement txmq : cells) {
            if (!txmq.contender.equals(Settings.TXMQ)) {
                continue;
            }
            Optional<Measurement> builtin = find(cells, txmq, Settings.BUILTIN);
            Optional<Measurement> baseline = find(cells, txmq, Settings.BASELINE);
            List<Measurement.Segment> ours = txmq.segments();
            List<Measurement.Segment> theirs = builtin.map(Measurement::segments).orElse(List.of());
            Interval throughput = Interval.ofRatios(ours, theirs, Measurement.Segment::throughput);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %s / %s | %s |%n", txmq.workload,
                    txmq.concurrency, throughput, builtin.map(b -> Interval.ofPooledPercentile(txmq.segmentLatencies(),
                            b.segmentLatencies(), 99).toString()).orElse("-"),
                    Interval.ofRatios(theirs, ours, Measurement.Segment::cpuMicrosPerUnit), throughput.pairs(),
                    number(Interval.medianByOrder(ours, theirs, Measurement.Segment::throughput, true)),
                    number(Interval.medianByOrder(ours, theirs, Measurement.Segment::throughput, false)),
                    baseline.map(b -> ratio(txmq.throughputPerSecond(), b.throughputPerSecond())).orElse("-")));
        }
        md.append(String.format(Locale.ROOT, "%nEach ratio: the median over the pairs of the ratio within a pair, and in"
                + " brackets its 95%% bootstrap interval (%d resamples of the pairs); a target is met when the interval's"
                + " lower end clears it (for p99, when its upper end stays under it). p99: the ratio of the two"
                + " contenders' p99 over all the latencies of their pairs, its interval from %d resamples of the pairs,"
                + " each pooling the latencies of the pairs it took. \"txmq first / second\": the"
                + " median throughput ratio over the pairs where txmq ran first, and where it ran second (the order"
                + " effect the A B B A order averages out). txmq / baseline-nonxa: merged throughputs, a reference.%n%n",
                Interval.RESAMPLES, Interval.POOLED_RESAMPLES));
        md.append("| workload | concurrency | contender | throughput/s | p50 ms | p99 ms |\n");
        md.append("| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (Measurement m : cells) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.2f | %.2f |%n", m.workload, m.concurrency,
                    m.contender, m.throughputPerSecond(), m.percentileMs(50), m.percentileMs(99)));
        }
        md.append("\nAll segments of a contender merged (units over the sum of the windows; percentiles of all latencies);"
                + " each segment's own figures are in latest-segments.csv.\n");
        coldTable(md, bench.coldStarts());
        cpuTable(md, cells);
        md.append(String.format(Locale.ROOT, "%nPhysical floor: a forced 4 KiB write (FileChannel.force) on this disk"
                + " takes %.2f ms (p50; p99 %.2f ms, %d samples). With %d forced writes per 2PC transaction (database"
                + " prepare, broker prepare, transaction log, database commit, broker commit) one client cannot do"
                + " better than %.2f ms per transaction, %.0f transactions/s.%n", floor.p50Ms(), floor.p99Ms(),
                floor.samples(), FsyncFloor.FORCED_WRITES_PER_2PC, floor.transactionFloorMs(),
                floor.transactionsPerSecondCeiling()));
        cells.stream().filter(m -> m.workload.equals("W1") && m.concurrency == 1 && m.contender.equals(Settings.TXMQ))
                .findFirst().ifPresent(m -> md.append(String.format(Locale.ROOT, "W1 at concurrency 1: txmq %.2f ms"
                        + " p50 = %.1f× the floor.%n", m.percentileMs(50), m.percentileMs(50) / floor.transactionFloorMs())));
        if (!bench.notes().isEmpty()) {
            md.append("\nObserved during the run:\n\n");
            bench.notes().forEach(note -> md.append("- ").append(note).append('\n'));
        }
        md.append("\nCorrectness, checked after every segment: rows = units of work, messages in each queue = rows,"
                + " W3's input queue empty and its output queue = rows, pg_prepared_xacts empty.\n");
        return md.toString();
    }

    /** When and where the run was: the time (UTC), the Java version and the machine ({@link Machine}). */
    static String when(Bench bench) {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + ", Java " + System.getProperty("java.version")
                + ", " + bench.machine();
    }

    /** The cold start ({@link Bench#runColdStart}): each contender first after a boot and right after the other. */
    private static void coldTable(StringBuilder md, List<Bench.ColdStart> colds) {
        if (colds.isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%nCold start: W1 at concurrency 8 for %d ms right after a fresh boot of"
                + " WildFly with the app deployed, each contender once first and once right after the other:%n%n",
                Bench.COLD_MS));
        md.append("| contender | ran | first commit after ms | units in the first second |\n");
        md.append("| --- | --- | ---: | ---: |\n");
        for (Bench.ColdStart cold : colds) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %d |%n", cold.contender(),
                    cold.position() == 0 ? "first after the boot" : "second", cold.firstCommitMs(), cold.firstSecondUnits()));
        }
    }

    private static String ordinal(int n) {
        return n + (n == 2 ? "nd" : n == 3 ? "rd" : "th");
    }

    /** CPU time per unit of work by process (see {@link ProcessCpu}), or one line saying it was not measured. */
    private static void cpuTable(StringBuilder md, List<Measurement> cells) {
        if (!ProcessCpu.available()) {
            md.append("\nCPU per unit: not measured (no /proc)\n");
            return;
        }
        md.append("\nCPU time per unit of work (µs per transaction; W3: per message), by process, over the measured windows"
                + " (W3: from the first row's INSERT to the last's, the window of its throughput):\n\n");
        md.append("| workload | concurrency | contender | WildFly µs | broker µs | PostgreSQL µs | total µs |\n");
        md.append("| --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (Measurement m : cells) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s |", m.workload, m.concurrency, m.contender));
            ProcessCpu.PROCESSES.forEach(process -> md.append(' ').append(micros(m.cpuMicrosPerUnit(process))).append(" |"));
            md.append(' ').append(micros(m.totalCpuMicrosPerUnit())).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nCPU per unit is the CPU time each process used during the measured window"
                + " (from /proc; PostgreSQL: the postmaster and all its processes) divided by the units of work completed"
                + " in it, merged over the segments like the throughput; on this %d-core machine shared by all three"
                + " processes, total CPU per unit bounds throughput when the cores are saturated (W1 at concurrency 32 is):"
                + " at most %d × 1,000,000 / total µs units per second.%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors()));
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** The cell of {@code contender} with {@code like}'s workload and concurrency. */
    static Optional<Measurement> find(List<Measurement> cells, Measurement like, String contender) {
        return cells.stream().filter(m -> m.workload.equals(like.workload) && m.concurrency == like.concurrency
                && m.contender.equals(contender)).findFirst();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
