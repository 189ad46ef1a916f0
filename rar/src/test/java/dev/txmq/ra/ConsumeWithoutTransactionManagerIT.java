package dev.txmq.ra;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;

import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.StandaloneAdapter;

/**
 * ConsumeIT's guarantees on an adapter whose transactionManager property is not set: the container
 * enlists the receipt's broker branch when the delivery begins, and the sends take another.
 */
class ConsumeWithoutTransactionManagerIT extends ConsumeIT {

    @BeforeAll
    static void startAdapter() throws Exception { // hides EmbeddedAdapterTest's
        Database.createTables();
        txmq = StandaloneAdapter.embeddedWithoutTransactionManager(Path.of("target", "broker-" + UUID.randomUUID()));
        broker = txmq.probe();
    }
}
