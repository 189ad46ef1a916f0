package dev.txmq.crash;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Asks a readiness URL every {@value #EVERY_MS} ms on a thread of its own and keeps every answer. */
final class Readiness implements AutoCloseable {

    private static final long EVERY_MS = 200;

    /** One answer: when ({@link System#nanoTime}) and its HTTP status (0: no answer). */
    record Sample(long nanos, int status) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean closed;

    private Readiness(URI uri) {
        this.uri = uri;
        this.poller = new Thread(this::poll, "readiness-poller");
        poller.setDaemon(true);
    }

    static Readiness watch(URI uri) {
        Readiness readiness = new Readiness(uri);
        readiness.poller.start();
        return readiness;
    }

    private void poll() {
        while (!closed) {
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = 0; // no answer is not ready either
            }
            samples.add(new Sample(System.nanoTime(), status));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(EVERY_MS));
        }
    }

    /** The first answer at or after {@code fromNanos} with {@code status}. */
    OptionalLong first(long fromNanos, int status) {
        return samples.stream().filter(s -> s.nanos() >= fromNanos && s.status() == status).mapToLong(Sample::nanos).min();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        poller.join(10_000);
    }
}
