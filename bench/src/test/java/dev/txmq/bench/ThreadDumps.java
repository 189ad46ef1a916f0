package dev.txmq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of a JVM ({@code jcmd PID Thread.print}) taken in the background at given times after this
 * opens, appended to one file: where the threads wait at those moments. Closing waits for the dumps due.
 */
final class ThreadDumps implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-thread-dumps");
        thread.setDaemon(true);
        return thread;
    });

    ThreadDumps(long pid, Path file, long... afterMs) throws IOException {
        Files.deleteIfExists(file);
        for (long ms : afterMs) {
            timer.schedule(() -> dump(pid, file, ms), ms, TimeUnit.MILLISECONDS);
        }
    }

    private static void dump(long pid, Path file, long ms) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            Files.writeString(file, "=== " + ms + " ms ===\n" + output + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("no thread dump at " + ms + " ms: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
