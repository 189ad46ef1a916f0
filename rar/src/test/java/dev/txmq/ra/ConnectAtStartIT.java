package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.txmq.ra.stubs.PagingBroker;
import dev.txmq.ra.stubs.StandaloneAdapter;

/**
 * The adapter connects to its broker when it starts, on a work thread, before anything is sent: the first
 * sends after a deployment do not wait for the client to load and connect (the benchmark's cold start).
 */
class ConnectAtStartIT {

    @Test
    void theAdapterConnectsToItsBrokerAtStartBeforeAnySend(@TempDir Path directory) throws Exception {
        try (PagingBroker broker = new PagingBroker(directory, 1 << 20)) {
            assertThat(broker.connections()).as("connections before the adapter starts").isZero();
            try (StandaloneAdapter txmq = StandaloneAdapter.external(broker.url())) {
                await("the adapter's connection at start").atMost(Duration.ofSeconds(10))
                        .until(() -> broker.connections() >= 1);
            }
        }
    }
}
