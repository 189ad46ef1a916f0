package dev.txmq.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.txmq.testkit.TestPostgres;

/**
 * One benchmark run: PostgreSQL, the broker ({@link BrokerMain}) and WildFly with the benchmark app,
 * then the workloads, each checked for correctness after it ran (rows = units of work, messages =
 * rows × queues, nothing left prepared in PostgreSQL), with the three servers' CPU sampled during each
 * recorded segment ({@link CpuSampler}).
 */
final class Bench implements AutoCloseable {

    static final String APP = "bench-app";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** The broker's journal-buffer-timeout (NIO): Artemis's NIO default is 3,333,333 ns; see docs/PERFORMANCE.md. */
    static final int JOURNAL_BUFFER_TIMEOUT_NS = Integer.getInteger("bench.journal.buffer.timeout.ns", 100_000);

    private final Settings settings;
    private final Path target = Path.of(System.getProperty("bench.target.dir"));
    private final Path home = Path.of(System.getProperty("jboss.home"));
    private final Path logs = target.resolve("bench-logs");
    private final int offset = Integer.getInteger("bench.port.offset", 400);
    private final int brokerPort = Integer.getInteger("bench.broker.port", 61717);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Measurement> cells = new LinkedHashMap<>();
    private final List<String> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private TestPostgres postgres;
    private BenchTable table;
    private ChildProcess broker;
    private BrokerQueues brokerQueues;
    private ChildProcess wildfly;
    private List<ProcessCpu> servers = List.of();
    private ManagementCli cli;

    Bench(Settings settings) {
        this.settings = settings;
    }

    void start() throws Exception {
        postgres = TestPostgres.shared();
        table = new BenchTable(postgres.dataSource());
        // audit logging off, as in the broker instance `artemis create` makes: on, it writes a line per message
        broker = ChildProcess.start("broker", logs.resolve("broker.log"), List.of(javaCommand(), "-Xms1g", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.log.org.apache.activemq.audit=off",
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                target.resolve("broker").toString(), String.valueOf(brokerPort),
                String.valueOf(JOURNAL_BUFFER_TIMEOUT_NS)), Map.of());
        broker.await(() -> broker.logContains(BrokerMain.READY), Duration.ofSeconds(60));
        brokerQueues = new BrokerQueues(brokerPort);
        wildfly = ChildProcess.start("wildfly", logs.resolve("wildfly.log"), List.of(home.resolve("bin/standalone.sh")
                .toString(), "-c", "standalone-full.xml", "-Djboss.socket.binding.port-offset=" + offset),
                Map.of("JBOSS_HOME", home.toString(), "JAVA_OPTS", javaOptions()));
        wildfly.await(this::appAnswers, START_TIMEOUT);
        servers = ProcessCpu.servers(wildfly.javaPid(), broker.javaPid(), postgres.dataSource());
    }

    private String javaOptions() {
        String options = "-Xms1g -Xmx1g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true"
                + " -Djboss.modules.system.pkgs=org.jboss.byteman";
        String jfr = System.getProperty("bench.jfr", "");
        return jfr.isBlank() ? options : options + " -XX:StartFlightRecording=settings="
                + System.getProperty("bench.jfr.settings", "profile") + ",filename=" + jfr;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private boolean appAnswers() {
        try {
            return http.send(HttpRequest.newBuilder(app("consume?contender=none")).timeout(Duration.ofSeconds(5)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI app(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/" + APP + "/" + pathAndQuery);
    }

    /**
     * W1 at each configured concurrency and W2 at 8, every contender in every round, interleaved. First
     * each contender runs W1 at concurrency 8 once, unrecorded, so no one pays the JIT and the pools alone
     * (not in a smoke run, whose warm-up is under 2 s).
     */
    void runLoads() throws Exception {
        for (String contender : settings.warmupS() >= 2 ? settings.contenders() : List.<String>of()) {
            load("warm-up", 8, contender, 0, List.of("orders"), false);
        }
        notes.add(brokerQueues.roundTrip());
        for (int round = 0; round < settings.rounds(); round++) {
            for (int concurrency : settings.workloads().contains("W1") ? settings.w1Concurrency() : List.<Integer>of()) {
                for (String contender : settings.order(round)) {
                    load("W1", concurrency, contender, round, List.of("orders"), true);
                }
            }
            for (String contender : settings.workloads().contains("W2") ? settings.order(round) : List.<String>of()) {
                load("W2", 8, contender, round, List.of("orders", "notifications", "audit"), true);
            }
        }
    }

    private void load(String workload, int concurrency, String contender, int round, List<String> suffixes,
            boolean recorded) throws Exception {
        String tag = workload + "-c" + concurrency + "-" + contender + "-r" + round;
        List<String> queues = suffixes.stream().map(s -> "bench." + tag + "." + s).toList();
        LoadResult result;
        Map<String, Double> cpu;
        try (CpuSampler sampler = new CpuSampler(servers)) {
            result = segment(tag, contender, concurrency, queues, settings.warmupS() * 1000L, settings.measureS() * 1000L);
            cpu = sampler.usage(result.fromMs(), result.untilMs());
        }
        for (String queue : queues) {
            deleteQueue(queue);
        }
        if (!recorded) {
            return;
        }
        cell(workload, concurrency, contender).add(result.measured(), result.windowNanos(), result.latenciesMicros(), cpu);
        cell(workload, concurrency, contender).completed(result.units());
        if (contender.equals("txmq") && workload.equals("W1")
                && concurrency == settings.w1Concurrency().stream().mapToInt(Integer::intValue).max().orElse(0)) {
            notes.add(adapterHeap(tag));
        }
        System.out.printf("%s: %d units, %.1f/s measured, rows and messages match%n", tag, result.units(),
                result.measured() * 1e9 / result.windowNanos());
    }

    /**
     * One load request ({@code LoadServlet}): {@code concurrency} threads doing the contender's unit of work
     * with {@code tag} (one send to each of {@code queues}), then the checks: no unit failed, rows with the
     * tag = units, messages in each queue = rows, nothing left prepared in PostgreSQL. The queues are left
     * as they are.
     */
    LoadResult segment(String tag, String contender, int concurrency, List<String> queues, long warmupMs, long measureMs)
            throws Exception {
        String query = "load?contender=" + contender + "&tag=" + tag + "&queues=" + String.join(",", queues)
                + "&concurrency=" + concurrency + "&warmupMs=" + warmupMs + "&measureMs=" + measureMs;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(app(query))
                .timeout(Duration.ofMillis(warmupMs + measureMs).plusSeconds(180))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(tag + ": the app answered " + response.statusCode() + "\n" + response.body());
        }
        LoadResult result = LoadResult.parse(response.body());
        if (result.errors() > 0) {
            throw new IllegalStateException(tag + ": " + result.errors() + " of " + result.units()
                    + " units of work failed; the first: " + result.firstError());
        }
        long rows = table.rows(tag, 0);
        expect(tag, "rows", rows, result.units());
        for (String queue : queues) {
            expect(tag, "messages in " + queue, brokerQueues.awaitCount(queue, rows), rows);
        }
        expectNothingPrepared(tag);
        return result;
    }

    /**
     * W3: pre-loads the contender's input queue with its MDB stopped, starts the MDB, waits for every
     * row; messages/s and CPU per message over the window from the first row's INSERT to the last's
     * ({@code created_at}, PostgreSQL's {@code clock_timestamp()}).
     */
    void runConsume() throws Exception {
        int count = settings.w3Messages();
        if (count == 0 || !settings.workloads().contains("W3")) {
            return;
        }
        for (String contender : settings.contenders()) {
            String in = "bench.W3." + contender + ".in";
            String out = "bench.W3." + contender + ".out";
            String tag = "W3-" + contender;
            http.send(HttpRequest.newBuilder(app("consume?contender=" + contender + "&count=" + count))
                    .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(tag, "pre-loaded messages in " + in, brokerQueues.awaitCount(in, count), count);
            String bean = switch (contender) {
                case "txmq" -> "TxmqConsumer";
                case "builtin" -> "BuiltinConsumer";
                default -> "BaselineConsumer";
            };
            long afterId = table.lastId();
            BenchTable.Span span;
            Map<String, Double> cpu;
            try (CpuSampler sampler = new CpuSampler(servers)) {
                cli("/deployment=" + APP + ".war/subsystem=ejb3/message-driven-bean=" + bean + ":start-delivery");
                awaitRows(tag, afterId, count, Duration.ofSeconds(60 + count / 20));
                span = table.span(tag, afterId);
                cpu = sampler.usage(span.fromMs(), span.untilMs());
            }
            cli("/deployment=" + APP + ".war/subsystem=ejb3/message-driven-bean=" + bean + ":stop-delivery");
            expect(tag, "messages left in " + in, brokerQueues.awaitCount(in, 0), 0);
            expect(tag, "messages in " + out, brokerQueues.awaitCount(out, count), count);
            expectNothingPrepared(tag);
            long[] latencies = LoadResult.parseLatencies(http.send(HttpRequest.newBuilder(
                    app("consume?contender=" + contender)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            cell("W3", 8, contender).add(count - 1, span.nanos(), latencies, cpu);
            cell("W3", 8, contender).completed(count);
            System.out.printf("%s: %d messages consumed, %.1f/s, rows and messages match%n", tag, count,
                    (count - 1) * 1e9 / span.nanos());
        }
    }

    private Measurement cell(String workload, int concurrency, String contender) {
        return cells.computeIfAbsent(workload + "/" + concurrency + "/" + contender,
                k -> new Measurement(workload, concurrency, contender));
    }

    List<Measurement> measurements() {
        return List.copyOf(cells.values());
    }

    List<String> checks() {
        return List.copyOf(checks);
    }

    /** Observations for the report besides the table (the adapter's heap after W1 at its highest concurrency). */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The live objects of txmq's own classes ({@code dev.txmq.*}) right after a segment, from
     * {@code jcmd GC.class_histogram} (which runs a full GC first). The Artemis client objects of its
     * connections are not counted: their classes are shared with the built-in messaging.
     */
    private String adapterHeap(String tag) throws Exception {
        ClassHistogram heap = serverHeap();
        ClassHistogram.Count txmq = heap.sum(ClassHistogram.TXMQ);
        return String.format(Locale.ROOT, "after %s: txmq's own objects (dev.txmq.*) %d instances, %.1f KiB;"
                + " the whole server's live heap %.1f MiB", tag, txmq.instances(), txmq.bytes() / 1024.0,
                heap.totalBytes() / 1048576.0);
    }

    /** The server's live objects by class, after a full GC (see {@link ClassHistogram}). */
    ClassHistogram serverHeap() throws Exception {
        return ClassHistogram.of(wildfly.javaPid());
    }

    private void expect(String tag, String what, long actual, long expected) {
        if (actual != expected) {
            throw new AssertionError(tag + ": " + what + " = " + actual + ", expected " + expected);
        }
        checks.add(tag + ": " + what + " = " + actual);
    }

    private void expectNothingPrepared(String tag) throws SQLException {
        List<String> prepared = postgres.preparedTransactions();
        if (!prepared.isEmpty()) {
            throw new AssertionError(tag + ": transactions left in doubt in pg_prepared_xacts: " + prepared);
        }
        checks.add(tag + ": pg_prepared_xacts empty");
    }

    /** Deletes a segment's queue (and txmq's dead-letter queue of it), so the broker holds only what runs now. */
    void deleteQueue(String queue) throws Exception {
        brokerQueues.delete(queue);
    }

    /** Removes every message from {@code queue} but keeps it, so a long run can send to one queue without filling the broker. */
    void purge(String queue) throws Exception {
        brokerQueues.purge(queue);
        expect(queue, "messages after purge", brokerQueues.awaitCount(queue, 0), 0);
    }

    private void awaitRows(String tag, long afterId, long expected, Duration timeout) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> table.rows(tag, afterId) >= expected);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(tag + ": only " + table.rows(tag, afterId) + " of " + expected + " rows after " + timeout, e);
        }
        expect(tag, "rows", table.rows(tag, 0), expected);
    }

    /** Runs one management operation (see {@link ManagementCli}), opening the session on first use. */
    private void cli(String operation) throws Exception {
        if (cli == null) {
            cli = new ManagementCli(home, 9990 + offset);
        }
        cli.run(operation);
    }

    @Override
    public void close() throws Exception {
        if (cli != null) {
            cli.close();
        }
        if (brokerQueues != null) {
            brokerQueues.close();
        }
        if (wildfly != null) {
            wildfly.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (table != null) {
            table.close();
        }
    }
}
