package dev.txmq.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Not a test: the benchmark of docs/SCALING.md (profile {@code topology-bench}). The same workload (the
 * crash app's orders: an INSERT and two sends per order, and the message-driven bean's INSERT and send
 * per delivery) through three WildFly servers, each on its own broker topology: one Artemis broker, a
 * shared-store HA pair, a two-node cluster. Segments of {@value #SEGMENT_SECONDS} s take turns (the order
 * rotates each round), so the machine's drift falls on all three alike; each segment ends when every
 * order it acknowledged has been consumed, once, before the next begins. Throughput is orders per second
 * from a segment's start until its last order was consumed; each round gives a ratio to the single
 * broker, reported as a median with a 95% bootstrap interval over the rounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologyThroughputBench {

    private static final int ROUNDS = Integer.getInteger("topology.rounds", 12);
    private static final int CLIENTS = Integer.getInteger("topology.clients", 8);
    private static final long SEGMENT_SECONDS = Long.getLong("topology.segment.seconds", 5);
    /** Rounds run first and not counted: the brokers' and servers' compilers need about half a minute of load each. */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("topology.warmup.rounds", 3);

    private final Map<String, Topology> topologies = new LinkedHashMap<>();
    private final List<ArtemisBroker> brokers = new ArrayList<>();
    private HaPair pair;
    private Ledger ledger;

    /** The six orders of three: over six rounds each topology runs first, second and third twice. */
    private static final int[][] TURNS = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}, {1, 0, 2}, {0, 2, 1}};

    private record Topology(String name, String key, WildFlyServer server, List<Double> rates, List<Double> publishRates) {}

    @BeforeAll
    void start() throws Exception {
        Path directory = Path.of(System.getProperty("failover.brokers.dir"), "topologies");
        int[] pairPorts = ArtemisBroker.ports("failover.broker.ports");
        int[] clusterPorts = ArtemisBroker.ports("failover.cluster.ports");
        ArtemisBroker single = ArtemisBroker.create("single", directory, Integer.getInteger("failover.secured.port"), List.of());
        brokers.add(single);
        single.startActive();
        pair = HaPair.create(directory.resolve("pair"), pairPorts[0], pairPorts[1]);
        pair.start();
        ArtemisBroker nodeA = ClusterSuite.node("node-a", directory.resolve("cluster"), clusterPorts[0], clusterPorts[1]);
        ArtemisBroker nodeB = ClusterSuite.node("node-b", directory.resolve("cluster"), clusterPorts[1], clusterPorts[0]);
        brokers.addAll(List.of(nodeA, nodeB));
        nodeA.startActive();
        nodeB.startActive();
        Ledger.createTables();
        ledger = new Ledger(List.of());

        int offset = Integer.getInteger("failover.second.port.offset");
        add("one broker", "single", new WildFlyServer(properties(single.url() + "?" + ArtemisBroker.CLIENT_TUNING, "single")));
        add("HA pair", "pair", new WildFlyServer("pair", offset, properties(pair.url(), "pair")));
        add("two-node cluster", "cluster", new WildFlyServer("cluster", offset + 100,
                properties(ArtemisBroker.haUrl(nodeA, nodeB), "cluster")));
        for (Topology topology : topologies.values()) {
            topology.server().installApp();
            topology.server().start("bench-" + topology.key());
            FailoverLoad.awaitFirstCommit(topology.server(), topology.name());
        }
    }

    private static List<String> properties(String brokerUrl, String key) {
        return List.of("-Dtxmq.crash.broker.url=" + brokerUrl, "-Dtxmq.node.id=txmq-" + key);
    }

    private void add(String name, String key, WildFlyServer server) {
        topologies.put(name, new Topology(name, key, server, new ArrayList<>(), new ArrayList<>()));
    }

    @AfterAll
    void stop() throws Exception {
        for (Topology topology : topologies.values()) {
            topology.server().stop();
        }
        if (pair != null) {
            pair.close();
        }
        for (ArtemisBroker broker : brokers) {
            broker.stop();
        }
    }

    @Test
    void throughputOfOneBrokerAPairAndACluster() throws Exception {
        List<Topology> all = new ArrayList<>(topologies.values());
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (Topology topology : all) {
                segment(topology, false);
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int index : TURNS[round % TURNS.length]) {
                segment(all.get(index), true);
            }
        }
        write(report());
    }

    /** One segment of load on {@code topology}; returns when every order it acknowledged was consumed once. */
    private void segment(Topology topology, boolean counted) throws Exception {
        String run = FailoverLoad.run("bench-" + topology.key());
        long started = System.nanoTime();
        FailoverLoad load = FailoverLoad.start(topology.server(), run, CLIENTS);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(SEGMENT_SECONDS));
        load.stop();
        long stopped = System.nanoTime();
        int acknowledged = load.acknowledged.size();
        await(topology.name() + ": every acknowledged order consumed").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(() -> ledger.consumed(run).size() >= acknowledged);
        long consumed = System.nanoTime();
        Map<String, Integer> rows = ledger.consumed(run);
        assertThat(rows.keySet()).as(topology.name() + ": consumed orders")
                .containsExactlyInAnyOrderElementsOf(load.acknowledged.keySet());
        assertThat(rows.values()).as(topology.name() + ": consumer rows per order").containsOnly(1);
        assertThat(load.failed.get()).as(topology.name() + ": failed requests " + load.failures).isZero();
        if (counted) {
            topology.rates().add(acknowledged / seconds(consumed - started));
            topology.publishRates().add(acknowledged / seconds(stopped - started));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private String report() {
        StringBuilder report = new StringBuilder(String.format("Topology throughput: %d rounds of %d s segments after %d"
                + " rounds of warm-up, %d clients, machine: %d cores, %s%n%n", ROUNDS, SEGMENT_SECONDS, WARM_UP_ROUNDS, CLIENTS,
                Runtime.getRuntime().availableProcessors(), cpuModel()));
        report.append("| topology | orders/s, start to last consumed | ratio to one broker | orders/s acknowledged"
                + " during load | ratio to one broker |\n| --- | --- | --- | --- | --- |\n");
        Topology base = topologies.values().iterator().next();
        for (Topology topology : topologies.values()) {
            report.append(String.format("| %s | %.0f | %s | %.0f | %s |%n", topology.name(), median(topology.rates()),
                    ratio(topology.rates(), base.rates()), median(topology.publishRates()),
                    ratio(topology.publishRates(), base.publishRates())));
        }
        report.append("\nMedians over the rounds; a ratio is the median of the rounds' ratios (each round's segments run"
                + " side by side) with its 95% bootstrap interval.\n");
        report.append("\nPer round (orders/s, start to last consumed):\n\n");
        for (Topology topology : topologies.values()) {
            report.append(topology.name()).append(": ").append(topology.rates().stream()
                    .map(rate -> String.format("%.0f", rate)).toList()).append('\n');
        }
        return report.toString();
    }

    /** The median of the per-round ratios {@code rates / base}, with its 95% bootstrap interval. */
    private static String ratio(List<Double> rates, List<Double> base) {
        double[] ratios = new double[rates.size()];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = rates.get(round) / base.get(round);
        }
        double[] interval = bootstrapMedianInterval(ratios);
        return String.format("%.2f (%.2f-%.2f)", median(ratios), interval[0], interval[1]);
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The 2.5th and 97.5th percentiles of the median of 10 000 resamples (with replacement) of {@code ratios}. */
    private static double[] bootstrapMedianInterval(double[] ratios) {
        SplittableRandom random = new SplittableRandom(42);
        double[] medians = new double[10_000];
        double[] sample = new double[ratios.length];
        for (int i = 0; i < medians.length; i++) {
            for (int j = 0; j < sample.length; j++) {
                sample[j] = ratios[random.nextInt(ratios.length)];
            }
            medians[i] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (medians.length * 0.025)], medians[(int) (medians.length * 0.975) - 1]};
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
    }

    private static void write(String report) throws IOException {
        Path file = Path.of(System.getProperty("failover.brokers.dir")).resolveSibling("topology-throughput.md");
        Files.writeString(file, report);
        System.out.println(report + "\n(written to " + file + ")");
    }
}
