package dev.txmq.demo;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code demo/run} started as a child process, the way a user starts it in a terminal. Its output (its
 * own lines and the server's log) is kept for the test and copied to a log file.
 */
final class DemoCommand implements AutoCloseable {

    /** What demo/run prints once the page answers. */
    private static final Pattern READY = Pattern.compile("demo: ready in (\\d+) s: (http://\\S+)");

    /** SIGINT's bit in /proc/PID/status SigIgn (signal n is bit n-1). */
    private static final long SIGINT_BIT = 1L << 1;

    private final Process process;
    private final Path home;
    private final Path log;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private DemoCommand(Process process, Path home, Path log) {
        this.process = process;
        this.home = home;
        this.log = log;
    }

    /** Starts {@code run --no-build --server S --port-offset N --home HOME} on an empty {@code home}. */
    static DemoCommand start(Path run, String server, Path home, int portOffset, Path log) throws IOException {
        deleteRecursively(home);
        Files.createDirectories(home);
        Process process = new ProcessBuilder(run.toString(), "--no-build", "--server", server,
                "--port-offset", String.valueOf(portOffset), "--home", home.toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        DemoCommand demo = new DemoCommand(process, home, log);
        Thread copier = new Thread(demo::copyOutput, "demo/run output");
        copier.setDaemon(true);
        copier.start();
        return demo;
    }

    private void copyOutput() {
        try (BufferedReader lines = new BufferedReader(
                     new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                copy.write(line + System.lineSeparator());
                copy.flush();
            }
        } catch (IOException e) {
            output.add("(reading demo/run's output failed: " + e + ")");
        }
    }

    /** @return the URL demo/run printed, once it printed it; fails when it exits first */
    URI awaitUrl(Duration timeout) {
        return await("demo/run to print its URL (output: " + log + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .failFast("demo/run exited before printing its URL; see " + log, () -> !process.isAlive())
                .until(this::readyLine, Optional::isPresent)
                .map(ready -> URI.create(ready.group(2)))
                .orElseThrow();
    }

    /** @return the seconds demo/run says it took to be ready, once it did */
    int secondsToReady() {
        return readyLine().map(ready -> Integer.parseInt(ready.group(1))).orElseThrow();
    }

    private Optional<Matcher> readyLine() {
        return output.stream().map(READY::matcher).filter(Matcher::find).findFirst();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    Path log() {
        return log;
    }

    /**
     * Sends demo/run the signal Ctrl-C sends, SIGINT, or SIGTERM when this JVM was started with SIGINT
     * ignored (a background job of a non-interactive shell, say): a shell cannot trap a signal that was
     * ignored when it started, so SIGINT would then do nothing.
     *
     * @return the signal sent
     */
    String interrupt() throws IOException, InterruptedException {
        String signal = sigintIgnored() ? "TERM" : "INT";
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
        return signal;
    }

    private boolean sigintIgnored() throws IOException {
        try (Stream<String> status = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            return status.filter(line -> line.startsWith("SigIgn:"))
                    .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
                    .anyMatch(ignored -> (ignored & SIGINT_BIT) != 0);
        }
    }

    /** @return demo/run's exit code, once it exited within {@code timeout} */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /**
     * @return the pids and command lines of the live processes that run the demo home's server: its
     *         JVM, standalone.sh or asadmin, a jboss-cli.sh (matched by the server's directory, not the
     *         home alone, so a Maven started with -Dtxmq.demo.home=... does not count)
     */
    List<String> processesInHome() {
        return serverProcesses().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }

    private Stream<ProcessHandle> serverProcesses() {
        String wildfly = home.resolve("wildfly-").toString();
        String payara = home.resolve("payara6").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().filter(line -> line.contains(wildfly) || line.contains(payara)).isPresent());
    }

    /** Kills what is left, when a test failed before it stopped demo/run properly. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        serverProcesses().forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
