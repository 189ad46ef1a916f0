package dev.txmq.crash;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One broker of the Apache ActiveMQ Artemis distribution ({@code artemis.home}), made with its own
 * {@code artemis create} and run as a child process ({@code bin/artemis run}), so a test can kill it
 * (SIGKILL), stop it (SIGTERM: an orderly shutdown), or freeze and thaw it (SIGSTOP, SIGCONT) as an
 * operator's machine might. Each start logs to {@code NN-name.log} beside the instance.
 */
final class ArtemisBroker {

    private static final Path HOME = Path.of(System.getProperty("artemis.home"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A small heap and the quick compiler: each test runs two brokers beside WildFly on two cores. The
     * benchmark sets {@code failover.broker.jvm} (the full compiler).
     */
    private static final String JAVA_ARGS = System.getProperty("failover.broker.jvm",
            "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1") + " --add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

    /**
     * The client settings txmq's URL gets in these tests: failure detection shortened from Artemis's 30 s,
     * so a frozen or lost broker costs a request seconds, not minutes.
     */
    static final String CLIENT_TUNING = "clientFailureCheckPeriod=2000&connectionTTL=6000&callTimeout=5000";

    private final String name;
    private final Path instance;
    private final int port;
    private Process process;
    private Path log;
    private int starts;

    private ArtemisBroker(String name, Path instance, int port) {
        this.name = name;
        this.instance = instance;
        this.port = port;
    }

    /**
     * Runs {@code artemis create} for an instance listening on 127.0.0.1:{@code port} (core protocol
     * only, no web console, NIO journal) with the extra {@code options}; unless they hold {@code --user}
     * (then {@code --password} and {@code --require-login} too), with anonymous access.
     */
    static ArtemisBroker create(String name, Path directory, int port, List<String> options) throws Exception {
        Path instance = directory.resolve(name);
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--silent", "--force", "--name", name, "--host", "127.0.0.1", "--default-port", Integer.toString(port),
                "--no-web", "--nio", "--no-autotune",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor"));
        if (!options.contains("--user")) {
            command.addAll(List.of("--user", "admin", "--password", "admin", "--allow-anonymous"));
        }
        command.addAll(options);
        Files.createDirectories(directory);
        Path output = directory.resolve(name + "-create.log");
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new IllegalStateException("artemis create " + name + " failed; see " + output);
        }
        return new ArtemisBroker(name, instance, port);
    }

    /** The ports listed, comma-separated, in the system property {@code property} (the build sets them). */
    static int[] ports(String property) {
        return Arrays.stream(System.getProperty(property).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    String name() {
        return name;
    }

    /** Edits the instance's etc/broker.xml, as an operator would after {@code artemis create}. */
    void editConfiguration(UnaryOperator<String> edit) throws IOException {
        Path file = instance.resolve("etc/broker.xml");
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = edit.apply(before);
        if (after.equals(before)) {
            throw new IllegalStateException("The edit changed nothing in " + file);
        }
        Files.writeString(file, after, StandardCharsets.UTF_8);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The URL txmq is given for these brokers: each of them, {@code ha=true} (the client follows the topology), {@link #CLIENT_TUNING}. */
    static String haUrl(ArtemisBroker... brokers) {
        return Arrays.stream(brokers).map(ArtemisBroker::url).collect(Collectors.joining(",", "(", ")?ha=true&"))
                + CLIENT_TUNING;
    }

    /** Starts the process; {@link #awaitActive} waits until it serves clients. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        log = instance.resolveSibling(String.format("%02d-%s.log", ++starts, name));
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_ARGS", JAVA_ARGS);
        process = builder.start(); // bin/artemis execs java: this is the broker's JVM
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kill-" + name));
    }

    /** Waits until this broker accepts clients (a primary, or a backup that took over). */
    void awaitActive(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (!isActive()) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not become active within " + timeout + "; see " + log + tail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling against a deadline
        }
    }

    /** Starts and waits until active. */
    void startActive() throws IOException {
        start();
        awaitActive(START_TIMEOUT);
    }

    /** Whether the broker's acceptor accepts connections: an Artemis backup opens it only once it is active. */
    boolean isActive() {
        if (!isRunning()) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** How many lines of the current start's log contain {@code text}. */
    long logged(String text) throws IOException {
        return log == null ? 0 : Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text)).count();
    }

    /** SIGKILL: no chance to finish anything; the journal keeps what was synced. */
    void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Artemis shuts down in order (and, with failover-on-shutdown, its backup takes over). */
    void stop() throws Exception {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** SIGSTOP: the process holds its sockets and its journal lock, and answers nothing. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return " (log unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + "(" + url() + (isRunning() ? ", pid " + pid() : ", not running") + ")";
    }
}
