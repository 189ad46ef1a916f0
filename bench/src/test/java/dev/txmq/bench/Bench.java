package dev.txmq.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

import dev.txmq.testkit.TestPostgres;

/**
 * One benchmark run: PostgreSQL, the broker ({@link BrokerMain}) and WildFly with the benchmark app,
 * then the workloads, each checked for correctness after it ran (rows = units of work, messages =
 * rows × queues, nothing left prepared in PostgreSQL).
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
    private ChildProcess broker;
    private ChildProcess wildfly;
    private ServerLocator locator;
    private ClientSessionFactory brokerConnection;
    private ClientSession probe;
    private ManagementCli cli;

    Bench(Settings settings) {
        this.settings = settings;
    }

    void start() throws Exception {
        postgres = TestPostgres.shared();
        sql("CREATE TABLE IF NOT EXISTS bench_row (id BIGSERIAL PRIMARY KEY, tag TEXT NOT NULL, seq BIGINT NOT NULL,"
                + " created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
        // audit logging off, as in the broker instance `artemis create` makes: on, it writes a line per message
        broker = ChildProcess.start("broker", logs.resolve("broker.log"), List.of(javaCommand(), "-Xms1g", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.log.org.apache.activemq.audit=off",
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                target.resolve("broker").toString(), String.valueOf(brokerPort),
                String.valueOf(JOURNAL_BUFFER_TIMEOUT_NS)), Map.of());
        broker.await(() -> broker.logContains(BrokerMain.READY), Duration.ofSeconds(60));
        locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + brokerPort);
        brokerConnection = locator.createSessionFactory();
        probe = brokerConnection.createSession(true, true);
        wildfly = ChildProcess.start("wildfly", logs.resolve("wildfly.log"), List.of(home.resolve("bin/standalone.sh")
                .toString(), "-c", "standalone-full.xml", "-Djboss.socket.binding.port-offset=" + offset),
                Map.of("JBOSS_HOME", home.toString(), "JAVA_OPTS", javaOptions()));
        wildfly.await(this::appAnswers, START_TIMEOUT);
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
        notes.add(brokerRoundTrip());
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
        LoadResult result = segment(tag, contender, concurrency, queues, settings.warmupS() * 1000L,
                settings.measureS() * 1000L);
        for (String queue : queues) {
            deleteQueue(queue);
        }
        if (!recorded) {
            return;
        }
        cell(workload, concurrency, contender).add(result.measured(), result.windowNanos(), result.latenciesMicros());
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
        long rows = rows(tag);
        expect(tag, "rows", rows, result.units());
        for (String queue : queues) {
            expect(tag, "messages in " + queue, awaitMessages(queue, rows), rows);
        }
        expectNothingPrepared(tag);
        return result;
    }

    /**
     * W3: pre-loads the contender's input queue with its MDB stopped, starts the MDB, waits for every
     * row; messages/s from the rows' commit timestamps (first to last).
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
            expect(tag, "pre-loaded messages in " + in, awaitMessages(in, count), count);
            String bean = switch (contender) {
                case "txmq" -> "TxmqConsumer";
                case "builtin" -> "BuiltinConsumer";
                default -> "BaselineConsumer";
            };
            cli("/deployment=" + APP + ".war/subsystem=ejb3/message-driven-bean=" + bean + ":start-delivery");
            awaitRows(tag, count, Duration.ofSeconds(60 + count / 20));
            cli("/deployment=" + APP + ".war/subsystem=ejb3/message-driven-bean=" + bean + ":stop-delivery");
            expect(tag, "messages left in " + in, awaitMessages(in, 0), 0);
            expect(tag, "messages in " + out, awaitMessages(out, count), count);
            expectNothingPrepared(tag);
            long[] latencies = LoadResult.parseLatencies(http.send(HttpRequest.newBuilder(
                    app("consume?contender=" + contender)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            long spanNanos = commitSpanNanos(tag);
            cell("W3", 8, contender).add(count - 1, spanNanos, latencies);
            System.out.printf("%s: %d messages consumed, %.1f/s, rows and messages match%n", tag, count,
                    (count - 1) * 1e9 / spanNanos);
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
     * What one blocking round trip to the broker costs (an XA session's setTransactionTimeout, which both
     * adapters send at every enlistment), from this JVM over TCP: the unit of the costs in docs/PERFORMANCE.md.
     */
    private String brokerRoundTrip() throws Exception {
        try (ClientSession xa = brokerConnection.createSession(true, false, false)) {
            long[] nanos = new long[500];
            for (int i = 0; i < nanos.length; i++) {
                long began = System.nanoTime();
                xa.setTransactionTimeout(300);
                nanos[i] = System.nanoTime() - began;
            }
            Arrays.sort(nanos);
            return String.format(Locale.ROOT, "one blocking round trip to the broker (XA setTransactionTimeout,"
                    + " from another JVM, between segments): p50 %.3f ms, p99 %.3f ms", nanos[250] / 1e6, nanos[495] / 1e6);
        }
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

    /** The queue's count once it reaches {@code expected}, or after 30 s (the broker's count settles once its commits are done). */
    private long awaitMessages(String queue, long expected) throws Exception {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> messages(queue) == expected);
        } catch (ConditionTimeoutException e) {
            // the caller compares the count and reports the difference
        }
        return messages(queue);
    }

    private long messages(String queue) throws Exception {
        ClientSession.QueueQuery query = probe.queueQuery(SimpleString.of(queue));
        return query.isExists() ? query.getMessageCount() : 0;
    }

    /** Deletes a segment's queue (and txmq's dead-letter queue of it), so the broker holds only what runs now. */
    void deleteQueue(String queue) throws Exception {
        for (String name : List.of(queue, "DLQ." + queue)) {
            if (probe.queueQuery(SimpleString.of(name)).isExists()) {
                probe.deleteQueue(SimpleString.of(name));
            }
        }
    }

    /**
     * Removes every message from {@code queue} but keeps the queue (the broker's management operation
     * {@code removeAllMessages}), so a long run can send to one queue without filling the broker.
     */
    void purge(String queue) throws Exception {
        try (ClientSession session = brokerConnection.createSession(true, true)) {
            session.start();
            ClientRequestor requestor = new ClientRequestor(session,
                    ActiveMQDefaultConfiguration.getDefaultManagementAddress());
            ClientMessage request = session.createMessage(false);
            ManagementHelper.putOperationInvocation(request, ResourceNames.QUEUE + queue, "removeAllMessages");
            ClientMessage reply = requestor.request(request, 120_000);
            requestor.close();
            if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("could not empty queue " + queue + ": the broker answered "
                        + (reply == null ? "nothing within 120 s" : ManagementHelper.getResult(reply)));
            }
        }
        expect(queue, "messages after purge", awaitMessages(queue, 0), 0);
    }

    private void awaitRows(String tag, long expected, Duration timeout) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> rows(tag) >= expected);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(tag + ": only " + rows(tag) + " of " + expected + " rows after " + timeout, e);
        }
        expect(tag, "rows", rows(tag), expected);
    }

    private long rows(String tag) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                PreparedStatement count = c.prepareStatement("SELECT count(*) FROM bench_row WHERE tag = ?")) {
            count.setString(1, tag);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long commitSpanNanos(String tag) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                PreparedStatement span = c.prepareStatement("SELECT EXTRACT(EPOCH FROM max(created_at) - min(created_at))"
                        + " FROM bench_row WHERE tag = ?")) {
            span.setString(1, tag);
            try (ResultSet rs = span.executeQuery()) {
                rs.next();
                return (long) (rs.getDouble(1) * 1e9);
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
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
        if (probe != null) {
            locator.close();
        }
        if (wildfly != null) {
            wildfly.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
