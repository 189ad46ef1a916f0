package dev.txmq.bench.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /load?contender=&tag=&queues=a,b&concurrency=&warmupMs=&measureMs=}: runs {@link Work}
 * on {@code concurrency} threads in a closed loop, warm-up first, then for the measured window.
 * Answers in plain text: {@code ops measured errors measureNanos fromEpochMs untilEpochMs firstMicros}
 * (ops counts every unit of work, warm-up included, so it must equal the rows with this tag; the measured
 * window in wall-clock time, for the harness's CPU samples; firstMicros: from the request to the first
 * unit of work that completed, -1 if none did), then one latency (microseconds) per measured unit of work.
 * The first error, if any, follows the counts as {@code # ...}.
 */
@WebServlet("/load")
public class LoadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    Work work;
    @Resource
    ManagedThreadFactory threads;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long began = System.nanoTime();
        int concurrency = Integer.parseInt(request.getParameter("concurrency"));
        long warmupMs = Long.parseLong(request.getParameter("warmupMs"));
        long measureMs = Long.parseLong(request.getParameter("measureMs"));
        long fromEpochMs = System.currentTimeMillis() + warmupMs;
        long measureFrom = System.nanoTime() + warmupMs * 1_000_000;
        long measureUntil = measureFrom + measureMs * 1_000_000;
        Run run = new Run(request.getParameter("contender"), request.getParameter("tag"),
                List.of(request.getParameter("queues").split(",")), began, measureFrom, measureUntil);
        List<Worker> workers = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker worker = new Worker(run);
            Thread thread = threads.newThread(worker);
            thread.start();
            workers.add(worker);
            started.add(thread);
        }
        try {
            for (Thread thread : started) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the workers", e);
        }
        response.setContentType("text/plain");
        PrintWriter out = response.getWriter();
        long measured = workers.stream().mapToLong(w -> w.count).sum();
        out.println(run.seq.get() + " " + measured + " " + run.errors.get() + " " + (measureUntil - measureFrom) + " "
                + fromEpochMs + " " + (fromEpochMs + measureMs) + " " + run.firstMicros.get());
        if (run.firstError.get() != null) {
            out.println("# " + run.firstError.get());
        }
        StringBuilder lines = new StringBuilder();
        for (Worker worker : workers) {
            for (int i = 0; i < worker.count; i++) {
                lines.append(worker.latencies[i]).append('\n');
            }
        }
        out.print(lines);
    }

    /** What the workers of one request share. */
    private final class Run {
        final String contender;
        final String tag;
        final List<String> queues;
        final long began;
        final long measureFrom;
        final long measureUntil;
        final AtomicLong seq = new AtomicLong();
        final AtomicLong firstMicros = new AtomicLong(-1);
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<Throwable> firstError = new AtomicReference<>();

        Run(String contender, String tag, List<String> queues, long began, long measureFrom, long measureUntil) {
            this.contender = contender;
            this.tag = tag;
            this.queues = queues;
            this.began = began;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
        }

        void once(long seq) throws Exception {
            if (contender.equals("baseline-nonxa")) {
                work.baseline(tag, seq, queues);
            } else {
                work.run(contender, tag, seq, queues);
            }
        }
    }

    /** One closed-loop client: starts a unit of work as soon as the last one returned. */
    private static final class Worker implements Runnable {
        private final Run run;
        long[] latencies = new long[4096];
        int count;

        Worker(Run run) {
            this.run = run;
        }

        @Override
        public void run() {
            for (long began = System.nanoTime(); began < run.measureUntil; began = System.nanoTime()) {
                try {
                    run.once(run.seq.incrementAndGet());
                } catch (Exception e) {
                    run.errors.incrementAndGet();
                    run.firstError.compareAndSet(null, e);
                    continue;
                }
                if (run.firstMicros.get() < 0) {
                    run.firstMicros.compareAndSet(-1, (System.nanoTime() - run.began) / 1000);
                }
                if (began >= run.measureFrom) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = (System.nanoTime() - began) / 1000;
                }
            }
        }
    }
}
