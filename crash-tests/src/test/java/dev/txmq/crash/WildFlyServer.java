package dev.txmq.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The WildFly of {@code target/wildfly-*}, run as a child process of the test: {@code bin/standalone.sh
 * -c standalone-full.xml} with the port offset of {@code crash.port.offset}, optionally with Byteman's
 * agent and one rule file. It is started, killed and restarted on the same standalone/ directory, so
 * the transaction object store and the broker journal survive the crash as they would in production.
 * Each start writes its console to {@code target/crash-logs/NN-name.log}.
 */
final class WildFlyServer implements CrashServer {

    static final String APP = "crash-app";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger STARTS = new AtomicInteger();
    /**
     * JVM options of every start ({@code crash.server.jvm}): by default C1 only and the serial collector, since a test
     * server boots often and serves little (a boot takes about a third less time and CPU); a benchmark sets the full compiler.
     */
    private static final String JVM_TUNING = System.getProperty("crash.server.jvm", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    private final Path home = Path.of(System.getProperty("jboss.home"));
    private final Path configDir = Path.of(System.getProperty("crash.config.dir"));
    private final Path logDir = configDir.resolveSibling("crash-logs");
    private final int offset;
    private final Path base; // the server's base directory: standalone/, or a copy of it for a second server
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> properties;
    private Process script;
    private ProcessHandle java;
    private Path console;
    private int readyLines; // lines of the console when the app first answered

    WildFlyServer() {
        this(List.of());
    }

    /** A server started, every time, with these system properties too ({@code -Dname=value}). */
    WildFlyServer(List<String> properties) {
        this.properties = List.copyOf(properties);
        this.offset = Integer.getInteger("crash.port.offset", 300);
        this.base = home.resolve("standalone");
    }

    /**
     * Another server of the same installation, on port offset {@code offset}, with a base directory of its
     * own ({@code standalone-NAME}: a copy of standalone/'s configuration and deployments, with its own
     * data, log and transaction log), started with these system properties too.
     */
    WildFlyServer(String name, int offset, List<String> properties) throws IOException {
        this.properties = List.copyOf(properties);
        this.offset = offset;
        this.base = home.resolve("standalone-" + name);
        copy(home.resolve("standalone/configuration"), base.resolve("configuration"));
        copy(home.resolve("standalone/deployments"), base.resolve("deployments"));
        copy(home.resolve("standalone/data/content"), base.resolve("data/content")); // what the CLI deployed
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Copies the crash app into the deployments directory: the deployment scanner deploys it at every boot. */
    @Override
    public void installApp() throws IOException {
        Files.createDirectories(logDir);
        Files.copy(configDir.resolveSibling(APP + ".war"), base.resolve("deployments/" + APP + ".war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Copies the txmq console too: it holds txmq's MicroProfile Health readiness check. */
    void installConsole() throws IOException {
        Files.copy(configDir.resolve("txmq-console.war"), base.resolve("deployments/txmq-console.war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** MicroProfile Health's readiness, on the management port. */
    URI readinessUri() {
        return URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/ready");
    }

    /**
     * Starts the server without a fault injector and waits until the app answers. Only with
     * {@code -Pno-recovery}, the system property {@code crash.recovery.rule} names a Byteman rule that
     * switches the adapter's recovery off in this server.
     */
    @Override
    public void start(String name) throws Exception {
        start(name, Optional.ofNullable(System.getProperty("crash.recovery.rule")).filter(rule -> !rule.isBlank())
                .map(Path::of));
    }

    /** Starts the server with Byteman's agent running {@code rule}, and waits until the app answers. */
    @Override
    public void startWithRule(String name, Path rule) throws Exception {
        start(name, Optional.of(rule));
    }

    private void start(String name, Optional<Path> rule) throws Exception {
        if (script != null && script.isAlive()) {
            throw new IllegalStateException("WildFly is already running (pid " + java.pid() + "); stop it first");
        }
        assertPortFree(httpPort());
        console = logDir.resolve(String.format("%02d-%s.log", STARTS.incrementAndGet(), name));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-full.xml", "-Djboss.socket.binding.port-offset=" + offset, "-Djboss.server.base.dir=" + base,
                "-Dtxmq.test.pg.port=" + System.getProperty("txmq.test.pg.port")));
        command.addAll(properties);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().put("JAVA_OPTS", javaOptions(rule));
        script = builder.start();
        java = awaitJava();
        ProcessHandle started = java;
        // a test JVM that ends early must not leave a server holding the ports
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "crash-wildfly-kill"));
        awaitApp();
    }

    private String javaOptions(Optional<Path> rule) {
        String options = "-Xms128m -Xmx768m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true"
                + " " + JVM_TUNING
                // standalone.conf adds these only when JAVA_OPTS is not set; Byteman's classes must be visible
                // to the modules its rules are injected into
                + " -Djboss.modules.system.pkgs=org.jboss.byteman"
                // Narayana waits recoveryBackoffPeriod between the two phases of a recovery pass (default
                // 10 s) and rolls back a prepared branch without a log only once it has been seen for
                // orphanSafetyInterval (default 20 s): shortened, so two SCANs (about 5 s) finish everything.
                // 3 s still leaves a running transaction ample time between its prepares and its log write.
                + " -DRecoveryEnvironmentBean.recoveryBackoffPeriod=2 -DJTAEnvironmentBean.orphanSafetyInterval=3000";
        return rule.map(path -> options + " -javaagent:" + configDir.resolve("byteman.jar") + "=script:" + path)
                .orElse(options);
    }

    /** The java process standalone.sh started: the one to kill. */
    private ProcessHandle awaitJava() {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<ProcessHandle> child = script.toHandle().descendants()
                    .filter(WildFlyServer::isServer).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            if (!script.isAlive()) {
                throw new IllegalStateException("standalone.sh exited with " + script.exitValue() + "; see " + console);
            }
            pause(100);
        }
        throw new IllegalStateException("standalone.sh started no java process within 30 s; see " + console);
    }

    /** standalone.sh also runs java -version; the server's command line starts with -D[Standalone]. */
    private static boolean isServer(ProcessHandle process) {
        return process.info().arguments().map(args -> args.length > 0 && args[0].equals("-D[Standalone]")).orElse(false);
    }

    private void awaitApp() throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        URI ready = appUri("orders");
        while (Instant.now().isBefore(deadline)) {
            if (!java.isAlive()) {
                throw new IllegalStateException("WildFly died while starting; see " + console + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 204) {
                    readyLines = Files.readAllLines(console, StandardCharsets.UTF_8).size();
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            pause(250);
        }
        throw new IllegalStateException("The crash app did not answer within " + START_TIMEOUT + "; see " + console
                + tail());
    }

    /** Waits for the JVM to die by itself (a Byteman rule halted it). */
    @Override
    public void awaitDeath(Duration timeout) throws Exception {
        try {
            java.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("WildFly did not die within " + timeout + ": the crash rule never fired; see "
                    + console + tail());
        }
        script.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: the JVM gets no chance to finish anything. */
    @Override
    public void kill() throws Exception {
        java.destroyForcibly();
        java.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        script.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM: WildFly shuts down in order. */
    @Override
    public void stop() throws Exception {
        if (java == null || !java.isAlive()) {
            return;
        }
        java.destroy();
        try {
            java.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            java.destroyForcibly();
        }
        script.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the recovery manager for a full pass through its recovery listener (socket binding
     * txn-recovery-environment, 4712 + offset) and waits for its answer, DONE, which it gives when the
     * pass has ended.
     */
    @Override
    public void scan() throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 4712 + offset), 5000);
            socket.setSoTimeout((int) SCAN_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("SCAN\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (!"DONE".equals(answer)) {
                throw new IOException("The recovery listener answered SCAN with '" + answer + "', not DONE");
            }
            System.out.printf("recovery pass took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public URI appUri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + "/" + APP + "/" + path);
    }

    int httpPort() {
        return 8080 + offset;
    }

    /** The console of the current (or last) start. */
    @Override
    public Path console() {
        return console;
    }

    /**
     * Lines of the current console that contain {@code text}, logged after the app answered: what the
     * recovery passes the test asked for logged, not the pass Narayana runs while the server boots (that
     * one runs before txmq.rar and the datasource are deployed, so it cannot find their resources yet).
     */
    List<String> consoleLinesSinceReady(String text) throws IOException {
        List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
        return lines.subList(Math.min(readyLines, lines.size()), lines.size()).stream().filter(line -> line.contains(text))
                .toList();
    }

    /** Lines of the current console that contain {@code text}. */
    @Override
    public List<String> currentConsoleLines(String text) throws IOException {
        return Files.readAllLines(console, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text)).toList();
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return " (console unreadable: " + e + ")";
        }
    }

    private static void assertPortFree(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            throw new IllegalStateException("Port " + port + " is already in use: another server would be mistaken"
                    + " for the one under test. Stop it, or run with another -Dcrash.port.offset");
        } catch (IOException e) {
            // nothing accepted the connection: the port is free
        }
    }

    private static void pause(long ms) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms)); // polling against a deadline
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
