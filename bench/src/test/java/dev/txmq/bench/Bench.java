package dev.txmq.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
    /** The cold start's segment: its first second. */
    static final long COLD_MS = 1000;
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
    private final List<ColdStart> colds = new ArrayList<>();
    private Machine machine;
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
        checkPortsFree();
        machine = Machine.now();
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
        startWildFly("wildfly.log");
    }

    private void startWildFly(String log) throws Exception {
        wildfly = ChildProcess.start("wildfly", logs.resolve(log), List.of(home.resolve("bin/standalone.sh")
                .toString(), "-c", "standalone-full.xml", "-Djboss.socket.binding.port-offset=" + offset),
                Map.of("JBOSS_HOME", home.toString(), "JAVA_OPTS", javaOptions()));
        wildfly.await(this::appAnswers, START_TIMEOUT);
        servers = ProcessCpu.servers(wildfly.javaPid(), broker.javaPid(), postgres.dataSource());
    }

    /**
     * Fails at once, naming the port, when one the run needs is taken (another server on the same offset would
     * otherwise leave WildFly not ready until {@link #START_TIMEOUT}): WildFly's ports of standalone-full.xml plus
     * {@code bench.port.offset}, and the broker's.
     */
    private void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map.of("http", 8080, "https", 8443, "management-http", 9990, "management-https", 9993, "ajp", 8009,
                "txn-recovery-environment", 4712, "txn-status-manager", 4713, "iiop", 3528, "iiop-ssl", 3529)
                .forEach((name, port) -> ports.put("WildFly's " + name + " (" + port + " + offset " + offset + ")", port + offset));
        ports.put("the benchmark broker's (bench.broker.port)", brokerPort);
        ports.forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new IllegalStateException("Port " + port + ", " + what + ", is taken by another process (" + e.getMessage()
                        + "): stop it, or run on other ports with -Dbench.port.offset=N / -Dbench.broker.port=N");
            }
        });
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
     * The cold start: right after a fresh boot of WildFly (the benchmark app deployed, nothing run yet) one
     * contender runs W1 at concurrency 8 for {@value #COLD_MS} ms from its request, then the other; then WildFly
     * is booted again and they go in the other order. Each gives the time from its request to its first commit
     * and the units of work it completed in that first second, first and second after a boot. Thread dumps of
     * the server at 300 and 700 ms into each go to bench-logs/cold-*-threads.txt, to show where the first
     * transactions wait.
     */
    void runColdStart() throws Exception {
        List<String> duo = settings.order(0).stream().filter(c -> !c.equals(Settings.BASELINE)).toList();
        if (!settings.coldStart() || !settings.workloads().contains("W1") || duo.isEmpty()) {
            return;
        }
        for (int boot = 0; boot < duo.size(); boot++) {
            List<String> order = new ArrayList<>(duo);
            Collections.rotate(order, -boot);
            if (boot > 0) {
                wildfly.close();
                startWildFly("wildfly-boot-" + boot + ".log");
            }
            for (int position = 0; position < order.size(); position++) {
                String contender = order.get(position);
                String tag = "cold-" + boot + "-" + contender;
                List<String> queues = List.of("bench." + tag + ".orders");
                LoadResult result;
                try (ThreadDumps dumps = new ThreadDumps(wildfly.javaPid(), logs.resolve(tag + "-threads.txt"), 300, 700)) {
                    result = segment(tag, contender, 8, queues, 0, COLD_MS);
                }
                deleteQueue(queues.get(0));
                table.reset();
                colds.add(new ColdStart(contender, position, result.firstMicros() / 1000.0, result.measured()));
                System.out.printf(Locale.ROOT, "%s: first commit after %.0f ms, %d units in the first second%n", tag,
                        result.firstMicros() / 1000.0, result.measured());
            }
        }
    }

    /** One contender's first second after a boot: {@code position} 0 when it ran first, 1 when right after the other. */
    record ColdStart(String contender, int position, double firstCommitMs, long firstSecondUnits) {
    }

    /**
     * The pairs: every cell (W1 at each configured concurrency, W2 at 8, W3 at 8 sessions) runs txmq and the
     * built-in one right after the other, {@link Settings#pairs} times, in the order of {@link Settings#order}
     * (A B, then B A), the cells themselves interleaved: pair 0 of every cell, then pair 1 of every cell, and so
     * on. Every segment starts from an empty benchmark table right after a PostgreSQL checkpoint, and with
     * queues of its own, so the broker and the database are in the same state for both. First one round of
     * every cell runs unrecorded, so no contender pays the JIT, the pools or a cell's first segment alone (a
     * first W1 pair at concurrency 1 ran at a third of the CPU per unit of the later ones).
     */
    void runPairs() throws Exception {
        round(-1, false);
        notes.add(brokerQueues.roundTrip());
        for (int pair = 0; pair < settings.pairs(); pair++) {
            round(pair, true);
            System.out.printf("pair %d of %d done%n", pair + 1, settings.pairs());
        }
    }

    /** Pair {@code pair} of every cell; the warm-up round ({@code recorded} false) is numbered -1 and runs A B. */
    private void round(int pair, boolean recorded) throws Exception {
        List<String> order = settings.order(Math.max(pair, 0));
        for (int concurrency : settings.workloads().contains("W1") ? settings.w1Concurrency() : List.<Integer>of()) {
            for (String contender : order) {
                load("W1", concurrency, contender, pair, List.of("orders"), recorded);
            }
        }
        for (String contender : settings.workloads().contains("W2") ? order : List.<String>of()) {
            load("W2", 8, contender, pair, List.of("orders", "notifications", "audit"), recorded);
        }
        for (int sessions : settings.workloads().contains("W3") && settings.w3Messages() > 0
                ? settings.w3Sessions() : List.<Integer>of()) {
            for (String contender : order) {
                consume(contender, pair, sessions, recorded);
            }
        }
    }

    private void load(String workload, int concurrency, String contender, int pair, List<String> suffixes,
            boolean recorded) throws Exception {
        String tag = workload + "-c" + concurrency + "-" + contender + "-p" + pair;
        List<String> queues = suffixes.stream().map(s -> "bench." + tag + "." + s).toList();
        LoadResult result;
        Map<String, Double> cpu;
        try (CpuSampler sampler = new CpuSampler(servers)) {
            result = segment(tag, contender, concurrency, queues, settings.warmupMs(), settings.measureMs());
            cpu = sampler.usage(result.fromMs(), result.untilMs());
        }
        for (String queue : queues) {
            deleteQueue(queue);
        }
        table.reset();
        if (!recorded) {
            return;
        }
        cell(workload, concurrency, contender).add(result.measured(), result.windowNanos(), result.latenciesMicros(), cpu);
        cell(workload, concurrency, contender).completed(result.units());
        sampleHeap(cell(workload, concurrency, contender));
        if (contender.equals(Settings.TXMQ) && workload.equals("W1") && pair == settings.pairs() - 1
                && concurrency == settings.w1Concurrency().stream().mapToInt(Integer::intValue).max().orElse(0)) {
            notes.add(adapterHeap(tag));
        }
        System.out.printf(Locale.ROOT, "%s: %d units, %.1f/s measured, rows and messages match%n", tag, result.units(),
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
        table.checkpoint();
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
     * One W3 segment: pre-loads the contender's input queue with {@link Settings#w3Messages} messages while its
     * MDB is stopped, starts the MDB, waits for every row, stops it; messages/s and CPU per message over the
     * window from the first row's INSERT to the last's ({@code created_at}, PostgreSQL's {@code clock_timestamp()}).
     * The output queue is emptied afterwards, the table too.
     */
    private void consume(String contender, int pair, int sessions, boolean recorded) throws Exception {
        int count = settings.w3Messages();
        String in = "bench.W3." + contender + ".in";
        String out = "bench.W3." + contender + ".out";
        String tag = "W3-" + contender;
        String segment = tag + "-s" + sessions + (recorded ? "-p" + pair : "-warm-up");
        http.send(HttpRequest.newBuilder(app("consume?contender=" + contender + "&count=" + count))
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(segment, "pre-loaded messages in " + in, brokerQueues.awaitCount(in, count), count);
        String bean = switch (contender) {
            case Settings.TXMQ -> "TxmqConsumer";
            case Settings.BUILTIN -> "BuiltinConsumer";
            default -> "BaselineConsumer";
        } + (sessions == 8 ? "" : String.valueOf(sessions)); // the beans of 1 and 32 sessions: ejb-jar.xml
        table.checkpoint();
        long afterId = table.lastId();
        BenchTable.Span span;
        Map<String, Double> cpu;
        try (CpuSampler sampler = new CpuSampler(servers)) {
            cli("/deployment=" + APP + ".war/subsystem=ejb3/message-driven-bean=" + bean + ":start-delivery");
            awaitRows(segment, tag, afterId, count, Duration.ofSeconds(60 + count / 20));
            span = table.span(tag, afterId);
            cpu = sampler.usage(span.fromMs(), span.untilMs());
        }
        cli("/deployment=" + APP + ".war/subsystem=ejb3/message-driven-bean=" + bean + ":stop-delivery");
        expect(segment, "messages left in " + in, brokerQueues.awaitCount(in, 0), 0);
        expect(segment, "messages in " + out, brokerQueues.awaitCount(out, count), count);
        expectNothingPrepared(segment);
        purge(out);
        table.reset();
        long[] latencies = LoadResult.parseLatencies(http.send(HttpRequest.newBuilder(
                app("consume?contender=" + contender)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        if (!recorded) {
            return;
        }
        cell("W3", sessions, contender).add(count - 1, span.nanos(), latencies, cpu);
        cell("W3", sessions, contender).completed(count);
        sampleHeap(cell("W3", sessions, contender));
        System.out.printf(Locale.ROOT, "%s: %d messages consumed, %.1f/s, rows and messages match%n", segment, count,
                (count - 1) * 1e9 / span.nanos());
    }

    /** With {@link Settings#sampleHeap}: the server's live heap now (after a full GC), recorded in {@code cell}. */
    private void sampleHeap(Measurement cell) throws Exception {
        if (settings.sampleHeap()) {
            cell.heap(serverHeap().totalBytes() / 1048576.0);
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

    /** The cold start's figures ({@link #runColdStart}), in the order they ran. */
    List<ColdStart> coldStarts() {
        return List.copyOf(colds);
    }

    /** This machine and how busy it was since {@link #start} (see {@link Machine}). */
    String machine() {
        return machine.describe();
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

    private void awaitRows(String segment, String tag, long afterId, long expected, Duration timeout) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> table.rows(tag, afterId) >= expected);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(segment + ": only " + table.rows(tag, afterId) + " of " + expected + " rows after "
                    + timeout, e);
        }
        expect(segment, "rows", table.rows(tag, 0), expected);
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
