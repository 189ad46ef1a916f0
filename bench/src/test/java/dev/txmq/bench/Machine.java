package dev.txmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What this machine is and how busy it was, for the report: the CPU model and cores, the load average at the
 * start, and the share of CPU time the hypervisor gave to others (steal) and the share that was idle, over the
 * run, from {@code /proc/stat}. Runs on other machines compare only with this in view.
 */
final class Machine {

    private final String cpuModel;
    private final String loadAtStart;
    private final long[] atStart;

    private Machine(String cpuModel, String loadAtStart, long[] atStart) {
        this.cpuModel = cpuModel;
        this.loadAtStart = loadAtStart;
        this.atStart = atStart;
    }

    /** Reads the machine now; figures that cannot be read (no /proc) say so. */
    static Machine now() {
        return new Machine(cpuModel(), read("/proc/loadavg").map(l -> String.join(" ", Arrays.asList(l.split(" ")).subList(0, 3)))
                .orElse("unknown"), cpuTimes());
    }

    /** The CPU, its cores, the load average at the start, and the shares of steal and idle time since then. */
    String describe() {
        long[] now = cpuTimes();
        String shares = "steal and idle unknown (no /proc/stat)";
        if (atStart.length > 7 && now.length > 7) {
            long total = 0;
            for (int i = 0; i < 8; i++) {
                total += now[i] - atStart[i];
            }
            shares = total == 0 ? shares : String.format(Locale.ROOT, "steal %.1f%%, idle %.1f%% over the run",
                    100.0 * (now[7] - atStart[7]) / total, 100.0 * (now[3] - atStart[3] + now[4] - atStart[4]) / total);
        }
        return String.format(Locale.ROOT, "%s, %d cores; load average %s at the start; %s", cpuModel,
                Runtime.getRuntime().availableProcessors(), loadAtStart, shares);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal (ticks), or nothing. */
    private static long[] cpuTimes() {
        return read("/proc/stat").map(l -> l.trim().split("\\s+")).filter(f -> f[0].equals("cpu"))
                .map(f -> Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray()).orElse(new long[0]);
    }

    private static Optional<String> read(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
