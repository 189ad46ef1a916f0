package dev.txmq.ra.stubs;

import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;

/** Narayana standalone, the transaction manager WildFly embeds, configured once per test JVM. */
public final class Narayana {

    static {
        System.setProperty("ObjectStoreEnvironmentBean.objectStoreDir", "target/narayana-store");
        System.setProperty("com.arjuna.ats.arjuna.objectstore.objectStoreDir", "target/narayana-store");
        System.setProperty("CoreEnvironmentBean.nodeIdentifier", "txmq-rar-tests");
    }

    private static final TransactionSynchronizationRegistry REGISTRY = new TransactionSynchronizationRegistryImple();

    private Narayana() {}

    public static TransactionManager transactionManager() {
        return com.arjuna.ats.jta.TransactionManager.transactionManager();
    }

    public static TransactionSynchronizationRegistry registry() {
        return REGISTRY;
    }
}
