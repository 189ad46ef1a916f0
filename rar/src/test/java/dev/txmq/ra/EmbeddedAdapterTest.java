package dev.txmq.ra;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.ra.stubs.Database;
import dev.txmq.ra.stubs.StandaloneAdapter;
import dev.txmq.testkit.BrokerProbe;
import dev.txmq.testkit.PostgresExtension;

/**
 * What the adapter tests share: PostgreSQL with its tables, one adapter with a fresh embedded broker
 * per test class, and a client that reads the broker's queues. Tests use queue names of their own.
 */
@ExtendWith(PostgresExtension.class)
abstract class EmbeddedAdapterTest {

    static StandaloneAdapter txmq;
    static BrokerProbe broker;

    @BeforeAll
    static void startAdapter() throws Exception {
        Database.createTables();
        txmq = StandaloneAdapter.embedded(Path.of("target", "broker-" + UUID.randomUUID()));
        broker = txmq.probe();
    }

    @AfterAll
    static void stopAdapter() throws Exception {
        broker.close();
        txmq.close();
    }
}
