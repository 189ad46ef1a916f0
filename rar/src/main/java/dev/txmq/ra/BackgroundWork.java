package dev.txmq.ra;

import jakarta.resource.spi.work.Work;

/** A short task run on one of the server's work threads ({@code WorkManager.scheduleWork}); it ends by itself. */
record BackgroundWork(Runnable task) implements Work {

    @Override
    public void run() {
        task.run();
    }

    @Override
    public void release() {
        // nothing to interrupt: the task is short
    }
}
