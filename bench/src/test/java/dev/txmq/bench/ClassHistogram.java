package dev.txmq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The live objects of a JVM by class, from {@code jcmd PID GC.class_histogram} (which runs a full GC
 * first, so only reachable objects are counted). Classes of the same name loaded twice (WildFly's
 * Artemis client and the copy inside txmq.rar) are merged.
 *
 * @param classes instances and bytes per class name
 * @param totalBytes the whole live heap, the histogram's {@code Total} line
 */
record ClassHistogram(Map<String, Count> classes, long totalBytes) {

    /** The txmq adapter's own classes. */
    static final String TXMQ = "dev.txmq.";
    /** The Artemis client's connection, session and producer classes (txmq's broker connections, and the built-in's). */
    static final String ARTEMIS_CLIENT = "org.apache.activemq.artemis.core.client.impl.";

    /** Instances and bytes of one class, or of several summed. */
    record Count(long instances, long bytes) {
        Count plus(Count other) {
            return new Count(instances + other.instances, bytes + other.bytes);
        }
    }

    /** Runs {@code jcmd} from this JVM's JDK against {@code pid} and parses its answer. */
    static ClassHistogram of(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return parse(output);
    }

    /** Parses lines such as {@code "  12:   345   6789  dev.txmq.ra.Broker"} and {@code "Total  1000  2000"}. */
    static ClassHistogram parse(String output) {
        Map<String, Count> classes = new HashMap<>();
        long total = 0;
        for (String line : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.merge(f[3], new Count(Long.parseLong(f[1]), Long.parseLong(f[2])), Count::plus);
            } else if (f.length >= 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        return new ClassHistogram(Map.copyOf(classes), total);
    }

    /** The sum over every class whose name starts with {@code prefix}. */
    Count sum(String prefix) {
        return classes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .reduce(new Count(0, 0), Count::plus);
    }

    Count count(String className) {
        return classes.getOrDefault(className, new Count(0, 0));
    }

    /** The classes starting with {@code prefix} whose instance count differs in {@code later}, sorted by name. */
    List<String> changedInstances(ClassHistogram later, String prefix) {
        TreeSet<String> names = new TreeSet<>(classes.keySet());
        names.addAll(later.classes.keySet());
        return names.stream().filter(name -> name.startsWith(prefix))
                .filter(name -> count(name).instances() != later.count(name).instances())
                .map(name -> name + " " + count(name).instances() + " → " + later.count(name).instances()).toList();
    }

    /** The {@code limit} classes whose live bytes grew most in {@code later}, largest first. */
    List<String> largestGrowth(ClassHistogram later, int limit) {
        return later.classes.keySet().stream().filter(name -> later.count(name).bytes() > count(name).bytes())
                .sorted(Comparator.comparingLong((String name) -> later.count(name).bytes() - count(name).bytes()).reversed())
                .limit(limit).map(name -> String.format(Locale.ROOT, "%s +%.1f KiB (%d → %d instances)", name,
                        (later.count(name).bytes() - count(name).bytes()) / 1024.0, count(name).instances(),
                        later.count(name).instances())).toList();
    }
}
