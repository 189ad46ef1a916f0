package dev.txmq.ra.stubs;

import java.lang.reflect.Modifier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;

/** The server's thread pool for resource adapters, as a plain executor that checks Work as IronJacamar does. */
final class TestWorkManager implements WorkManager {

    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "test-work");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void doWork(Work work) {
        work.run();
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        work.run();
    }

    @Override
    public long startWork(Work work) {
        threads.execute(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        threads.execute(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        threads.execute(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        verify(work);
        threads.execute(work);
    }

    /** As IronJacamar does (IJ000258): run() and release() may not be synchronized. */
    private static void verify(Work work) throws WorkException {
        for (String name : new String[] {"run", "release"}) {
            try {
                if (Modifier.isSynchronized(work.getClass().getMethod(name).getModifiers())) {
                    throw new WorkException(work.getClass().getName() + ": " + name + " method is synchronized");
                }
            } catch (NoSuchMethodException e) {
                throw new WorkException("Work without " + name + "()", e);
            }
        }
    }
}
