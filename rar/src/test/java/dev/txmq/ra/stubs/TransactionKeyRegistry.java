package dev.txmq.ra.stubs;

import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Narayana's registry, but with the transaction itself as the transaction key, as the registry of
 * GlassFish and Payara gives it (Narayana's key is the transaction's id).
 */
public final class TransactionKeyRegistry implements TransactionSynchronizationRegistry {

    private final TransactionSynchronizationRegistry narayana = Narayana.registry();

    @Override
    public Object getTransactionKey() {
        try {
            return Narayana.transactionManager().getTransaction();
        } catch (SystemException e) {
            throw new IllegalStateException("Narayana could not tell the current transaction", e);
        }
    }

    @Override
    public void putResource(Object key, Object value) {
        narayana.putResource(key, value);
    }

    @Override
    public Object getResource(Object key) {
        return narayana.getResource(key);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
        narayana.registerInterposedSynchronization(sync);
    }

    @Override
    public int getTransactionStatus() {
        return narayana.getTransactionStatus();
    }

    @Override
    public void setRollbackOnly() {
        narayana.setRollbackOnly();
    }

    @Override
    public boolean getRollbackOnly() {
        return narayana.getRollbackOnly();
    }
}
