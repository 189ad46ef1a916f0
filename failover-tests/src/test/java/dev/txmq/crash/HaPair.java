package dev.txmq.crash;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An Artemis HA pair on one shared store, made as the Artemis documentation makes one: both brokers
 * on one journal directory, the journal's file lock deciding which one is active, static connectors
 * between them (no UDP), failover on shutdown, failback when the primary returns. The backup keeps
 * its acceptor closed until it takes over, so "accepts connections" is "active".
 */
final class HaPair implements AutoCloseable {

    /** The backup's log line once it has registered with an active primary and waits to take over. */
    private static final String BACKUP_READY = "AMQ221031";
    private static final Duration TAKEOVER = Duration.ofSeconds(60);

    final ArtemisBroker primary;
    final ArtemisBroker backup;

    private HaPair(ArtemisBroker primary, ArtemisBroker backup) {
        this.primary = primary;
        this.backup = backup;
    }

    static HaPair create(Path directory, int primaryPort, int backupPort) throws Exception {
        Path shared = directory.resolve("shared-store");
        ArtemisBroker primary = ArtemisBroker.create("primary", directory, primaryPort, options(shared, backupPort, false));
        ArtemisBroker backup = ArtemisBroker.create("backup", directory, backupPort, options(shared, primaryPort, true));
        return new HaPair(primary, backup);
    }

    private static List<String> options(Path shared, int otherPort, boolean backup) {
        List<String> options = new ArrayList<>(List.of("--shared-store", "--failover-on-shutdown",
                "--data", shared.toString(), "--clustered", "--cluster-user", "cluster", "--cluster-password", "cluster",
                "--staticCluster", "tcp://127.0.0.1:" + otherPort));
        if (backup) {
            options.add("--backup");
        }
        return options;
    }

    /**
     * The URL txmq is given: both brokers, {@code ha=true} so the client follows the pair's topology, and
     * failure detection shortened from Artemis's 30 s so a frozen broker costs a request seconds, not minutes.
     */
    String url() {
        return ArtemisBroker.haUrl(primary, backup);
    }

    /** Starts the primary, then the backup, and waits until the backup is ready to take over. */
    void start() throws Exception {
        primary.startActive();
        backup.start(); // logs to a new file: its first announcement is the one
        awaitBackupReady(0);
    }

    /** The active broker; fails if none is. */
    ArtemisBroker active() {
        if (primary.isActive()) {
            return primary;
        }
        if (backup.isActive()) {
            return backup;
        }
        throw new IllegalStateException("Neither broker of the pair is active: " + primary + ", " + backup);
    }

    /** Waits until the backup is active (took over from the primary). */
    void awaitBackupActive() throws Exception {
        backup.awaitActive(TAKEOVER);
    }

    /**
     * Brings the pair back to primary active, backup ready afresh: stops both (an active backup shuts down
     * with nobody to fail over to; the journal stays, prepared branches included), then {@link #start}s them.
     * Not by failback: in a heavier run, a SIGKILL of the primary about two seconds after a failback once
     * left the backup holding the journal's lock without activating, and the pair without an active broker
     * for minutes (Artemis 2.40.0, NIO file lock); {@link #restore} exercises failback on its own.
     */
    void restart() throws Exception {
        backup.stop();
        primary.stop();
        start();
    }

    /**
     * Brings the pair back to primary active, backup ready: starts the primary if it is down (the
     * backup, if active, hands back to it: failback) and waits for both.
     */
    void restore() throws Exception {
        long ready = backup.logged(BACKUP_READY);
        boolean failedOver = backup.isActive() || !primary.isRunning();
        if (!primary.isRunning()) {
            primary.start();
        }
        primary.awaitActive(TAKEOVER);
        if (failedOver) {
            awaitBackupReady(ready);
        }
    }

    private void awaitBackupReady(long readyBefore) {
        await(backup.name() + " ready to take over").atMost(TAKEOVER).pollInterval(Duration.ofMillis(100))
                .until(() -> !backup.isActive() && backup.logged(BACKUP_READY) > readyBefore);
    }

    @Override
    public void close() throws Exception {
        backup.stop();
        primary.stop();
    }
}
