package dev.txmq.crash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Payara domain of {@code target/payara6} (configured by the build like the acceptance suites'),
 * started with {@code asadmin start-domain}, killed with SIGKILL and started again on the same files:
 * the transaction log and the broker journal survive the crash. The domain recovers in-doubt
 * transactions when it starts ({@code automatic-recovery}, set by payara/install-txmq.sh); a test asks
 * for another pass with {@code asadmin recover-transactions}. The domain's log is its
 * {@code server.log}; each start is read from where the log ended before it. The adapter's
 * {@code brokerUrl} is written into domain.xml before each start: unset (the crash tests), the
 * adapter runs its embedded broker; the failover suites give their brokers' URL.
 */
final class PayaraServer implements CrashServer {

    static final String APP = "crash-app";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(180);

    private final Path home = Path.of(System.getProperty("payara.home"));
    private final Path domain = home.resolve("glassfish/domains/domain1");
    private final Path log = domain.resolve("logs/server.log");
    private final Path commandLog = Path.of(System.getProperty("crash.config.dir")).resolveSibling("crash-logs");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String brokerUrl; // null: the embedded broker
    private long logStart;

    /** A domain whose adapter runs its embedded broker. */
    PayaraServer() {
        this(null);
    }

    /** A domain whose adapter uses the broker at {@code brokerUrl}. */
    PayaraServer(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    /**
     * Drops the crash app into the domain's autodeploy directory: the next start deploys it, and every
     * later one loads it. An app already there is left alone: a new copy would make Payara redeploy it
     * while the test's clients are using it.
     */
    @Override
    public void installApp() throws IOException {
        Files.createDirectories(commandLog);
        Path app = Path.of(System.getProperty("crash.app"));
        Path deployed = domain.resolve("autodeploy/" + APP + ".war");
        if (!Files.exists(deployed) || Files.mismatch(app, deployed) != -1) {
            Files.copy(app, deployed, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void start(String name) throws Exception {
        start(name, Optional.empty());
    }

    @Override
    public void startWithRule(String name, Path rule) throws Exception {
        start(name, Optional.of(rule));
    }

    private void start(String name, Optional<Path> rule) throws Exception {
        Path config = domain.resolve("config/domain.xml");
        Files.writeString(config, withBrokerUrl(withAgent(Files.readString(config), rule)));
        logStart = Files.exists(log) ? Files.size(log) : 0;
        asadmin(name, "start-domain", "domain1");
        awaitApp();
    }

    /**
     * {@code xml} with Byteman's agent, with {@code rule}, in the JVM options of server-config (the first
     * java-config of domain.xml), or without it. Byteman goes on the boot class path, so that the
     * classes of the adapter, the driver and the app can all see its rule classes.
     */
    private static String withAgent(String xml, Optional<Path> rule) {
        String without = xml.replaceAll("\\s*<jvm-options>-javaagent:[^<]*byteman[^<]*</jvm-options>", "");
        if (rule.isEmpty()) {
            return without;
        }
        Path byteman = Path.of(System.getProperty("crash.config.dir")).resolve("byteman.jar");
        String option = "<jvm-options>-javaagent:" + byteman + "=script:" + rule.get() + ",boot:" + byteman + "</jvm-options>";
        return without.replaceFirst("<jvm-options>-server</jvm-options>", "<jvm-options>-server</jvm-options>\n        " + option);
    }

    /** {@code xml} with this server's brokerUrl in txmq's resource-adapter-config, or without one. */
    private String withBrokerUrl(String xml) {
        String without = xml.replaceAll("\\s*<property name=\"brokerUrl\" value=\"[^\"]*\"></property>", "");
        if (brokerUrl == null) {
            return without;
        }
        String adapter = "<resource-adapter-config resource-adapter-name=\"txmq\">";
        if (!without.contains(adapter)) {
            throw new IllegalStateException("No " + adapter + " in domain.xml: was txmq installed?");
        }
        String property = "<property name=\"brokerUrl\" value=\"" + brokerUrl.replace("&", "&amp;") + "\"></property>";
        return without.replace(adapter, adapter + "\n      " + property);
    }

    /** Waits for the JVM to die by itself (a Byteman rule halted it). */
    @Override
    public void awaitDeath(Duration timeout) throws Exception {
        ProcessHandle java = running().orElseThrow(() -> new IllegalStateException("Payara is not running"));
        try {
            java.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Payara did not die within " + timeout + ": the crash rule never fired; see " + log);
        }
    }

    private Optional<ProcessHandle> running() throws IOException {
        Path pid = domain.resolve("config/pid");
        return Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())) : Optional.empty();
    }

    private void awaitApp() throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        URI ready = appUri("orders");
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not deployed yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // polling against a deadline
        }
        throw new IllegalStateException("The crash app did not answer within " + START_TIMEOUT + "; see " + log);
    }

    /** SIGKILL to the domain's JVM, whose pid the domain writes to config/pid. */
    @Override
    public void kill() throws Exception {
        ProcessHandle java = running().orElseThrow(() -> new IllegalStateException("Payara is not running"));
        java.destroyForcibly();
        java.onExit().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws Exception {
        asadmin("stop", "stop-domain", "domain1");
    }

    /**
     * A recovery pass on the running server: {@code asadmin recover-transactions server}; none with
     * {@code -Pno-recovery} ({@code crash.recovery=false}), which shows that the tests can fail.
     */
    @Override
    public void scan() throws Exception {
        if (Boolean.parseBoolean(System.getProperty("crash.recovery", "true"))) {
            asadmin("recover", "recover-transactions", "server");
        }
    }

    @Override
    public URI appUri(String path) {
        return URI.create("http://127.0.0.1:8080/" + APP + "/" + path);
    }

    @Override
    public Path console() {
        return log;
    }

    @Override
    public List<String> currentConsoleLines(String text) throws IOException {
        return sinceStart().lines().filter(line -> line.contains(text)).toList();
    }

    /** What the domain logged since the current start began. */
    String sinceStart() throws IOException {
        try (RandomAccessFile reader = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, reader.length() - logStart)];
            reader.seek(logStart);
            reader.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Runs asadmin, its output in crash-logs/asadmin-NAME.log; fails when it fails. */
    private void asadmin(String name, String... arguments) throws Exception {
        Path output = commandLog.resolve("asadmin-" + name + ".log");
        Files.createDirectories(commandLog);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        Process asadmin = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!asadmin.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            asadmin.destroyForcibly();
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " took over " + COMMAND_TIMEOUT);
        }
        if (asadmin.exitValue() != 0 && !arguments[0].equals("stop-domain")) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed: " + Files.readString(output));
        }
    }
}
