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

/** Writes results/latest.csv and results/latest.md. */
final class Report {

    static final String CSV_HEADER = "workload,concurrency,contender,throughput_per_s,p50_ms,p99_ms";

    private Report() {
    }

    static void write(Path directory, Settings settings, List<Measurement> cells, FsyncFloor floor, List<String> notes)
            throws IOException {
        Files.createDirectories(directory);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Measurement m : cells) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.1f,%.2f,%.2f%n", m.workload, m.concurrency, m.contender,
                    m.throughputPerSecond(), m.percentileMs(50), m.percentileMs(99)));
        }
        Files.writeString(directory.resolve("latest.csv"), csv);
        Files.writeString(directory.resolve("latest.md"), markdown(settings, cells, floor, notes));
    }

    static String markdown(Settings settings, List<Measurement> cells, FsyncFloor floor, List<String> notes) {
        StringBuilder md = new StringBuilder("# txmq benchmark: latest run\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d cores, Java %s. Load segments: %d s warm-up + %d s measured,"
                + " %d rounds per contender, interleaved; W3: %d pre-loaded messages per contender, 8 sessions.%n%n",
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), settings.warmupS(), settings.measureS(), settings.rounds(),
                settings.w3Messages()));
        md.append("| workload | concurrency | contender | throughput/s | p50 ms | p99 ms |\n");
        md.append("| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (Measurement m : cells) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.2f | %.2f |%n", m.workload, m.concurrency,
                    m.contender, m.throughputPerSecond(), m.percentileMs(50), m.percentileMs(99)));
        }
        md.append("\n| workload | concurrency | throughput txmq / builtin | p99 txmq / builtin | txmq / baseline-nonxa"
                + " | total CPU per unit builtin / txmq |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Measurement txmq : cells) {
            if (!txmq.contender.equals("txmq")) {
                continue;
            }
            Optional<Measurement> builtin = find(cells, txmq, "builtin");
            Optional<Measurement> baseline = find(cells, txmq, "baseline-nonxa");
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", txmq.workload, txmq.concurrency,
                    builtin.map(b -> ratio(txmq.throughputPerSecond(), b.throughputPerSecond())).orElse("-"),
                    builtin.map(b -> ratio(txmq.percentileMs(99), b.percentileMs(99))).orElse("-"),
                    baseline.map(b -> ratio(txmq.throughputPerSecond(), b.throughputPerSecond())).orElse("-"),
                    builtin.map(b -> ratio(b.totalCpuMicrosPerUnit(), txmq.totalCpuMicrosPerUnit())).orElse("-")));
        }
        cpuTable(md, cells);
        md.append(String.format(Locale.ROOT, "%nPhysical floor: a forced 4 KiB write (FileChannel.force) on this disk"
                + " takes %.2f ms (p50; p99 %.2f ms, %d samples). With %d forced writes per 2PC transaction (database"
                + " prepare, broker prepare, transaction log, database commit, broker commit) one client cannot do"
                + " better than %.2f ms per transaction, %.0f transactions/s.%n", floor.p50Ms(), floor.p99Ms(),
                floor.samples(), FsyncFloor.FORCED_WRITES_PER_2PC, floor.transactionFloorMs(),
                floor.transactionsPerSecondCeiling()));
        cells.stream().filter(m -> m.workload.equals("W1") && m.concurrency == 1 && m.contender.equals("txmq"))
                .findFirst().ifPresent(m -> md.append(String.format(Locale.ROOT, "W1 at concurrency 1: txmq %.2f ms"
                        + " p50 = %.1f× the floor.%n", m.percentileMs(50), m.percentileMs(50) / floor.transactionFloorMs())));
        if (!notes.isEmpty()) {
            md.append("\nObserved during the run:\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        md.append("\nCorrectness, checked after every segment: rows = units of work, messages in each queue = rows,"
                + " W3's input queue empty and its output queue = rows, pg_prepared_xacts empty.\n");
        return md.toString();
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
                + " in it, merged over the rounds like the throughput; on this %d-core machine shared by all three"
                + " processes, total CPU per unit bounds throughput when the cores are saturated (W1 at concurrency 32 is):"
                + " at most %d × 1,000,000 / total µs units per second.%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors()));
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static Optional<Measurement> find(List<Measurement> cells, Measurement like, String contender) {
        return cells.stream().filter(m -> m.workload.equals(like.workload) && m.concurrency == like.concurrency
                && m.contender.equals(contender)).findFirst();
    }

    private static String ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
