package dev.txmq.ra.stubs;

import java.util.Timer;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** What a server gives a resource adapter at start: threads and Narayana's registry. */
public final class TestBootstrapContext implements BootstrapContext {

    private final WorkManager work = new TestWorkManager();
    private final TransactionSynchronizationRegistry registry;

    /** With Narayana's own registry, as on WildFly. */
    public TestBootstrapContext() {
        this(Narayana.registry());
    }

    public TestBootstrapContext(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public WorkManager getWorkManager() {
        return work;
    }

    @Override
    public XATerminator getXATerminator() {
        return null;
    }

    @Override
    public Timer createTimer() {
        return new Timer(true);
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> type) {
        return false;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        return registry;
    }
}
