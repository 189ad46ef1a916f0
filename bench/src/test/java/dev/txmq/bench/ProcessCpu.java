package dev.txmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The CPU time one of the benchmark's servers has used so far, from Linux {@code /proc/PID/stat}. For a
 * JVM, utime + stime of its process (all its threads, exited ones included). For PostgreSQL, which runs a
 * process per connection, the postmaster's utime + stime + cutime + cstime (cutime holds its reaped
 * children) plus utime + stime of its live children.
 */
final class ProcessCpu {

    static final String WILDFLY = "WildFly";
    static final String BROKER = "broker";
    static final String POSTGRES = "PostgreSQL";
    /** The report's columns, in this order. */
    static final List<String> PROCESSES = List.of(WILDFLY, BROKER, POSTGRES);

    private static final Path PROC = Path.of("/proc");
    /** /proc counts in clock ticks of USER_HZ, 100 per second on Linux for x86 and ARM (getconf CLK_TCK says 100 here). */
    private static final long MICROS_PER_TICK = 10_000;

    private final String name;
    private final long pid;
    private final boolean withChildren;
    private final AtomicBoolean reported = new AtomicBoolean();

    private ProcessCpu(String name, long pid, boolean withChildren) {
        this.name = name;
        this.pid = pid;
        this.withChildren = withChildren;
    }

    /** False where there is no /proc (not Linux): nothing is measured, and the report says so. */
    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /**
     * The three servers, or none without /proc. PostgreSQL's postmaster is the parent of a backend of
     * {@code database}; if it cannot be found, the reason is printed and PostgreSQL is left out ("-").
     */
    static List<ProcessCpu> servers(long wildflyPid, long brokerPid, DataSource database) throws SQLException {
        if (!available()) {
            System.out.println("CPU per unit: not measured (no /proc)");
            return List.of();
        }
        List<ProcessCpu> servers = new ArrayList<>(List.of(new ProcessCpu(WILDFLY, wildflyPid, false),
                new ProcessCpu(BROKER, brokerPid, false)));
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            Optional<ProcessHandle> postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent);
            postmaster.ifPresentOrElse(p -> servers.add(new ProcessCpu(POSTGRES, p.pid(), true)),
                    () -> System.out.println("CPU of " + POSTGRES + " not measured: the parent (postmaster) of its"
                            + " backend pid " + backend + " was not found"));
        }
        return servers;
    }

    String name() {
        return name;
    }

    /**
     * Microseconds of CPU used so far, or NaN if {@code /proc} could not be read (the reason is printed
     * for the first failure of this process only).
     */
    double micros() {
        try {
            return (withChildren ? withChildrenTicks() : ownTicks(times(pid))) * (double) MICROS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            if (!reported.getAndSet(true)) {
                System.out.println("CPU of " + name + " (pid " + pid + ") not read from " + PROC + ": " + e
                        + "; its cells in the CPU table show - (further failures of it are not printed)");
            }
            return Double.NaN;
        }
    }

    private static long ownTicks(long[] times) {
        return times[0] + times[1];
    }

    /**
     * The process's own ticks, its reaped children's and its live children's. A child reaped while they
     * are read would count twice or not at all, so they are read again (up to 3 times) until the
     * reaped children's ticks (cutime + cstime) are the same before and after the live ones.
     */
    private long withChildrenTicks() throws IOException {
        long[] before = times(pid);
        for (int attempt = 1; ; attempt++) {
            long live = 0;
            for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
                live += liveTicks(child.pid());
            }
            long[] after = times(pid);
            if (after[2] + after[3] == before[2] + before[3] || attempt == 3) {
                return ownTicks(after) + after[2] + after[3] + live;
            }
            before = after;
        }
    }

    /** A child's own ticks; 0 if it has been reaped since it was listed (its ticks are in the parent's cutime then). */
    private static long liveTicks(long child) throws IOException {
        try {
            return ownTicks(times(child));
        } catch (IOException e) {
            if (Files.exists(PROC.resolve(String.valueOf(child)))) {
                throw e;
            }
            return 0; // gone: NoSuchFileException, or "No such process" if it went while /proc/PID/stat was read
        }
    }

    /** utime, stime, cutime, cstime: fields 14-17 of /proc/PID/stat, counted after the command name (which may hold spaces). */
    private static long[] times(long pid) throws IOException {
        String stat = Files.readString(PROC.resolve(pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields[0] is field 3, the state
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
    }
}
